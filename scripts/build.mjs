// Build: one bundled ESM entry plus a chunk per command, so start-up loads only
// what the command in hand needs, from a few files instead of hundreds of modules.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

// gray-matter loads js-yaml 3 for its default YAML engine, but mlops-drill gives it the `yaml`
// package as engine (src/bank/front-matter.ts) and never stringifies: js-yaml is replaced by a
// stub, so the bundle does not carry two YAML parsers (nor js-yaml's load-time probe for esprima).
const noJsYaml = {
  name: 'no-js-yaml',
  setup(b) {
    b.onResolve({ filter: /^js-yaml$/ }, () => ({ path: 'js-yaml-stub', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: "const unused = () => { throw new Error('js-yaml is not bundled'); };\nmodule.exports = { safeLoad: unused, safeDump: unused };",
      loader: 'js',
    }));
  },
};

// The `yaml` package's Node entry is CommonJS, which esbuild cannot tree-shake: its ES module
// build (the same code, the one its exports map gives to everything but Node) lets the bundle
// leave out what the parser does not use.
const yamlEsm = {
  name: 'yaml-esm',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: path.resolve('node_modules/yaml/browser/dist/index.js') }));
  },
};

// sql.js (used only by `import` and `export`) is Emscripten output that sets its script
// folder from __dirname, which an ES module bundle does not have. The folder is used only
// to find sql-wasm.wasm, and src/decks/sqlite.ts hands over the wasm bytes itself.
const sqlJsNoDirname = {
  name: 'sql-js-no-dirname',
  setup(b) {
    b.onLoad({ filter: /sql\.js[\\/]dist[\\/]sql-wasm\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('__dirname+"/"')) throw new Error('sql.js changed: __dirname not found; check scripts/build.mjs');
      return { contents: text.replace('__dirname+"/"', '""'), loader: 'js' };
    });
  },
};

// commander requires node:child_process at load, for executable subcommands, which mlops-drill
// does not have: loading it lazily spares every command about 10 ms of start-up.
const commanderLazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!text.includes(eager)) throw new Error('commander changed: its child_process require was not found; check scripts/build.mjs');
      return { contents: text.replace(eager, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: 'js' };
    });
  },
};

// chalk works out the terminal's colour level at load, through node:os and node:tty, but
// mlops-drill always gives the level itself (src/ui/output.ts): its detection-free build
// (the one chalk's imports map gives to everything but Node) spares loading both.
const chalkNoDetection = {
  name: 'chalk-no-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) => {
      if (!/[\\/]chalk[\\/]/.test(args.importer)) return undefined;
      return { path: path.resolve('node_modules/chalk/source/vendor/supports-color/browser.js') };
    });
  },
};

// `import process from 'node:process'` (as @inquirer/figures does) makes Node build an ES module
// facade of the process object, reading every property it has, which loads the report module
// among others: about 10 ms at every start of a prompt. The global is the same object.
const processGlobal = {
  name: 'process-global',
  setup(b) {
    b.onResolve({ filter: /^(node:)?process$/ }, (args) => (args.kind === 'import-statement' ? { path: 'process', namespace: 'process-global' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'process-global' }, () => ({ contents: 'export default globalThis.process;', loader: 'js' }));
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
  plugins: [noJsYaml, yamlEsm, sqlJsNoDirname, commanderLazyChildProcess, chalkNoDetection, processGlobal],
  logLevel: 'warning',
});

// The SQLite engine of sql.js, read at run time by src/decks/sqlite.ts.
copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', `${OUT}/sql-wasm.wasm`);

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
  plugins: [noJsYaml, yamlEsm],
  banner: { js: "import { createRequire as __mdCreateRequire } from 'node:module'; const require = __mdCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
execFileSync(process.execPath, [`${OUT}/write-index.mjs`, 'questions', `${OUT}/bank-index.json`], { stdio: 'inherit' });
// Only the ids, for `mlops-drill due`, which counts new questions without reading the whole index
// (see src/bank/bank-ids.ts). No index (a bank with problems): no ids file, and `due` reads the files.
if (existsSync(`${OUT}/bank-index.json`)) {
  const index = JSON.parse(readFileSync(`${OUT}/bank-index.json`, 'utf8'));
  writeFileSync(`${OUT}/bank-ids.json`, JSON.stringify({ v: 1, program: index.program, ids: index.questions.map((q) => q.id) }));
}
rmSync(`${OUT}/write-index.mjs`);
const old = `dist.old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(OUT, 'dist');
rmSync(old, { recursive: true, force: true });
