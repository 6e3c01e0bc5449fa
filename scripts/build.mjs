// Build: one bundled ESM entry plus a chunk per command, so start-up loads only
// what the command in hand needs, from a few files instead of hundreds of modules.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

// js-yaml 3 (under gray-matter) probes for the optional 'esprima' package at load time,
// a failed module lookup that costs ~10 ms on every start. Only safeLoad is used, which
// never evaluates functions, so the probe is removed from the bundle.
const noEsprimaProbe = {
  name: 'no-esprima-probe',
  setup(b) {
    b.onLoad({ filter: /js-yaml[\\/]lib[\\/]js-yaml[\\/]type[\\/]js[\\/]function\.js$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace("esprima = _require('esprima');", 'esprima = undefined;'),
      loader: 'js',
    }));
  },
};

// Build beside dist/ and swap it in at the end, so a binary started during a build never
// finds dist/ half written or missing.
const OUT = `dist.build-${process.pid}`;
export const METAFILE = path.join('node_modules', '.cache', 'mlops-drill', 'metafile.json');
rmSync(OUT, { recursive: true, force: true });

const result = await build({
  entryPoints: ['src/main.ts'],
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Whitespace and syntax only: names stay readable in a stack trace (MLOPS_DRILL_DEBUG=1),
  // and a third less code to read and compile at every start.
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  metafile: true,
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (gray-matter, js-yaml) call require() for Node built-ins.
  banner: { js: "import { createRequire as __mdCreateRequire } from 'node:module'; const require = __mdCreateRequire(import.meta.url);" },
  plugins: [noEsprimaProbe],
  logLevel: 'warning',
});

// The bundle carries code of other packages: ship each one's licence with it.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
  if (m) packages.set(m[2], m[1]);
}
const sections = [...packages.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, dir]) => {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file ? readFileSync(path.join(dir, file), 'utf8').trim() : `Licensed under ${pkg.license}.`;
    return `## ${name}@${pkg.version} (${pkg.license})\n\n\`\`\`text\n${text}\n\`\`\`\n`;
  });
writeFileSync(
  `${OUT}/THIRD-PARTY-LICENSES.md`,
  `# Third-party licences\n\nmlops-drill's bundle includes code from these packages.\n\n${sections.join('\n')}`,
);
if (!existsSync(`${OUT}/main.js`)) throw new Error('build produced no main.js');

// What each chunk holds, for the start-up guard test (tests/guard/bundle.test.ts); kept
// outside dist/ so it is never published.
mkdirSync(path.dirname(METAFILE), { recursive: true });
writeFileSync(METAFILE, JSON.stringify(result.metafile));

// The banner is needed only where bundled CommonJS code calls require itself (esbuild's
// runtime helper, which the other chunks import): drop it elsewhere, one link fewer per chunk.
for (const file of [`${OUT}/main.js`, ...readdirSync(`${OUT}/chunks`).map((f) => `${OUT}/chunks/${f}`)]) {
  const text = readFileSync(file, 'utf8');
  const newline = text.indexOf('\n');
  const body = text.slice(newline + 1);
  if (text.startsWith('import { createRequire as __mdCreateRequire }') && !/(^|[^\w$.])require\b/.test(body)) writeFileSync(file, body);
}

// The bundled bank, parsed once here, so a start on it reads one JSON file instead of
// parsing every question (see src/bank/prebuilt.ts).
await build({
  entryPoints: ['src/bank/write-index.ts'],
  outfile: `${OUT}/write-index.mjs`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [noEsprimaProbe],
  banner: { js: "import { createRequire as __mdCreateRequire } from 'node:module'; const require = __mdCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
execFileSync(process.execPath, [`${OUT}/write-index.mjs`, 'questions', `${OUT}/bank-index.json`], { stdio: 'inherit' });
rmSync(`${OUT}/write-index.mjs`);
const old = `dist.old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(OUT, 'dist');
rmSync(old, { recursive: true, force: true });
