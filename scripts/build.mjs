// Build: one bundled ESM entry plus a chunk per command, so start-up loads only
// what the command in hand needs, from a few files instead of hundreds of modules.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';

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

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (gray-matter, js-yaml) call require() for Node built-ins.
  banner: { js: "import { createRequire as __mdCreateRequire } from 'node:module'; const require = __mdCreateRequire(import.meta.url);" },
  plugins: [noEsprimaProbe],
  logLevel: 'warning',
});
