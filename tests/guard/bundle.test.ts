/**
 * What each start loads, read from esbuild's metafile of the last build: `--version` must
 * load nothing but its entry, and `list` nothing of the quiz, the parser, the scheduler or
 * the prompts. A static import of a heavy module into the wrong place fails here.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, FIXTURES, ROOT } from '../helpers.js';

interface Output {
  entryPoint?: string;
  inputs: Record<string, unknown>;
  imports: { path: string; kind: string; external?: boolean }[];
}

const METAFILE = path.join(ROOT, 'node_modules', '.cache', 'mlops-drill', 'metafile.json');
const meta = JSON.parse(fs.readFileSync(METAFILE, 'utf8')) as { outputs: Record<string, Output> };
// Output paths name the build folder; dist/ is where it lands.
const outputs = new Map(Object.entries(meta.outputs).map(([file, o]) => [file.replace(/^dist\.build-\d+\//, 'dist/'), { ...o, imports: o.imports.map((i) => ({ ...i, path: i.path.replace(/^dist\.build-\d+\//, 'dist/') })) }]));

function chunkOf(entry: string): string {
  const found = [...outputs].find(([, o]) => o.entryPoint === entry);
  if (!found) throw new Error(`no chunk for ${entry}`);
  return found[0];
}

/** The source modules loaded when these chunks load: their static imports, transitively. */
function loaded(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const inputs = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const o = outputs.get(file);
    if (!o) return;
    for (const input of Object.keys(o.inputs)) inputs.add(input);
    for (const i of o.imports) if (i.kind === 'import-statement' && !i.external && outputs.has(i.path)) visit(i.path);
  };
  for (const e of entries) visit(chunkOf(e));
  return inputs;
}

const packageOf = (input: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];

describe('start-up loads only what the command uses', () => {
  it('--version loads its entry and the package root, nothing else', () => {
    expect([...loaded(['src/main.ts'])].sort()).toEqual(['src/main.ts', 'src/package-root.ts']);
  });

  it('list loads no quiz, parser, scheduler, Markdown renderer or prompt', () => {
    // main → cli → the list command, and the bundled bank's prebuilt index.
    const modules = loaded(['src/main.ts', 'src/cli.ts', 'src/commands/list.ts', 'src/bank/prebuilt.ts']);
    expect(modules.has('src/commands/list.ts')).toBe(true);
    const packages = new Set([...modules].map(packageOf).filter((p) => p !== undefined));
    for (const unused of ['ts-fsrs', 'marked', 'gray-matter', 'js-yaml', '@inquirer/core', '@inquirer/select', '@inquirer/input']) {
      expect(packages.has(unused), unused).toBe(false);
    }
    for (const unused of ['src/session.ts', 'src/ui/prompts.ts', 'src/ui/plain.ts', 'src/bank/parse.ts', 'src/scaffold.ts', 'src/completion.ts', 'src/progress/summary.ts']) {
      expect(modules.has(unused), unused).toBe(false);
    }
  });

  it('due, run at every shell prompt, loads no parser of any kind, scheduler, prompt, renderer or colour', () => {
    // main.ts answers `due` itself (like --version); the command-line parser is not on its way.
    const modules = loaded(['src/main.ts', 'src/commands/due.ts']);
    expect(modules.has('src/due.ts')).toBe(true);
    const packages = new Set([...modules].map(packageOf).filter((p) => p !== undefined));
    expect([...packages]).toEqual([]);
    for (const unused of ['src/cli.ts', 'src/program.ts', 'src/progress/store.ts', 'src/progress/summary.ts', 'src/bank/prebuilt.ts', 'src/bank/files.ts', 'src/ui/output.ts', 'src/context.ts']) {
      expect(modules.has(unused), unused).toBe(false);
    }
  });

  it('show does load the Markdown renderer: the walk follows static imports across chunks', () => {
    const modules = loaded(['src/main.ts', 'src/cli.ts', 'src/commands/show.ts']);
    expect([...modules].some((m) => packageOf(m) === 'marked')).toBe(true);
  });

  it('reading a deck loads gray-matter and yaml only behind a dynamic import, for front matter the fast path cannot read', () => {
    const packagesOf = (entries: string[]) => new Set([...loaded(entries)].map(packageOf).filter((p) => p !== undefined));
    const deck = packagesOf(['src/main.ts', 'src/cli.ts', 'src/commands/drill.ts', 'src/bank/load.ts']);
    expect(loaded(['src/bank/load.ts']).has('src/bank/parse.ts')).toBe(true);
    for (const unused of ['gray-matter', 'yaml']) expect(deck.has(unused), unused).toBe(false);
    const full = packagesOf(['src/bank/front-matter-full.ts']);
    for (const used of ['gray-matter', 'yaml']) expect(full.has(used), used).toBe(true);
  });

  it('the start menu loads no Markdown renderer: the session and its screens come after it', () => {
    const modules = loaded(['src/main.ts', 'src/cli.ts', 'src/commands/drill.ts', 'src/ui/prompts.ts']);
    expect(modules.has('src/ui/start-screen.ts')).toBe(true);
    expect([...modules].some((m) => packageOf(m) === 'marked')).toBe(false);
    for (const unused of ['src/ui/markdown.ts', 'src/ui/screens.ts', 'src/session.ts']) expect(modules.has(unused), unused).toBe(false);
  });

  it('a bare mlops-drill (the start menu) loads no command-line parser', () => {
    const modules = loaded(['src/main.ts', 'src/process-exit.ts', 'src/commands/drill.ts', 'src/ui/prompts.ts']);
    expect(modules.has('src/start-menu.ts')).toBe(true);
    for (const unused of ['commander', '@commander-js/extra-typings']) expect([...modules].some((m) => packageOf(m) === unused), unused).toBe(false);
    for (const unused of ['src/cli.ts', 'src/program.ts', 'src/options.ts']) expect(modules.has(unused), unused).toBe(false);
  });

  it('the drill loads the FSRS scheduler only behind a dynamic import', () => {
    const modules = loaded(['src/main.ts', 'src/cli.ts', 'src/commands/drill.ts']);
    expect([...modules].some((m) => packageOf(m) === 'ts-fsrs')).toBe(false);
  });
});

describe('what a command loads when it runs', () => {
  /**
   * Run the binary and list what it loaded: Node's built-ins (process.moduleLoadList) and the
   * bundle's files (seen by a resolve hook), so a dynamic import taken at run time shows too.
   */
  const loadedBy = (args: string[], node: string[] = [BIN]): { builtins: string[]; added: string[]; files: string[] } => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drill-loaded-'));
    try {
      const builtins = path.join(dir, 'builtins.txt');
      const files = path.join(dir, 'files.txt');
      fs.writeFileSync(files, '');
      fs.writeFileSync(
        path.join(dir, 'hooks.mjs'),
        `import fs from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const r = await next(specifier, context);\n  if (r.url.startsWith('file:')) fs.appendFileSync(${JSON.stringify(files)}, r.url + '\\n');\n  return r;\n}\n`,
      );
      fs.writeFileSync(
        path.join(dir, 'register.mjs'),
        `import fs from 'node:fs';\nimport { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\nprocess.on('exit', () => fs.writeFileSync(${JSON.stringify(builtins)}, process.moduleLoadList.join('\\n')));\n`,
      );
      const run = (argv: string[]): string[] => {
        const r = spawnSync(process.execPath, ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, ...argv], { cwd: dir, env: cleanEnv(dir), encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        return fs.readFileSync(builtins, 'utf8').split('\n').filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
      };
      // What Node loads for a module that does nothing (other Node versions load more at start-up):
      // only what the command adds to that is its own doing.
      const baseline = new Set(run(['--input-type=module', '-e', '']));
      const loaded = run([...node, ...args]);
      return {
        builtins: loaded,
        added: loaded.filter((m) => !baseline.has(m)),
        files: fs.readFileSync(files, 'utf8').split('\n').filter((u) => u !== '').map((u) => path.relative(ROOT, fileURLToPath(u)).split(path.sep).join('/')),
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  // Each built-in costs milliseconds at every start: child_process (commander's executable
  // subcommands), os and tty (chalk's own colour detection; mlops-drill decides colour itself),
  // and crypto (fingerprints, only for a full bank check or a new record).
  it.each([['list', '--json'], ['stats', '--json']])('%s %s on a deck loads neither child_process, os, tty nor crypto', (...command) => {
    const { builtins, added } = loadedBy(['--bank', path.join(FIXTURES, 'mini-bank'), ...command]);
    expect(builtins).toContain('fs');
    for (const unused of ['child_process', 'os', 'tty', 'crypto']) expect(added, unused).not.toContain(unused);
  });

  it('a drill on a deck loads neither child_process, os, tty nor crypto before its first question', () => {
    // Plain mode with nothing on stdin: the session starts and ends at once.
    const { builtins, added } = loadedBy(['--bank', path.join(FIXTURES, 'mini-bank'), '--plain', '-n', '1']);
    expect(builtins).toContain('readline');
    for (const unused of ['child_process', 'os', 'tty', 'crypto']) expect(added, unused).not.toContain(unused);
  });

  it('the prompts load without an ES module facade of process (building it reads every property, loading the report module)', () => {
    const prompts = pathToFileURL(path.join(ROOT, chunkOf('src/ui/prompts.ts'))).href;
    const { builtins, added, files } = loadedBy([], ['--input-type=module', '-e', `await import(${JSON.stringify(prompts)})`]);
    expect(files).toContain(chunkOf('src/ui/prompts.ts'));
    expect(builtins).toContain('readline');
    expect(added).not.toContain('internal/process/report');
  });

  it('completion on the bundled bank takes its ids and topics from the prebuilt index, parsing no question file', () => {
    const { files } = loadedBy(['completion', 'bash']);
    expect(files).toContain(chunkOf('src/bank/prebuilt.ts'));
    for (const unused of ['src/bank/load.ts', 'src/bank/front-matter-full.ts']) expect(files, unused).not.toContain(chunkOf(unused));
  });

  it('completion on a deck of its own does parse its files', () => {
    const { files } = loadedBy(['--bank', path.join(FIXTURES, 'mini-bank'), 'completion', 'bash']);
    expect(files).toContain(chunkOf('src/bank/load.ts'));
  });
});
