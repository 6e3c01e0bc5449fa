import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cleanEnv, tempHome } from '../helpers.js';

/**
 * The tarball is the product: pack it, install it into an empty folder, and run it
 * there as `npx mlops-drill` with a fresh home.
 */
describe('the published package', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drill-pack-'));
  // npm's own script when the tests run under npm: node runs it on every system (Windows
  // spawns no npm.cmd without a shell).
  const npmCli = process.env.npm_execpath?.endsWith('.js') ? process.env.npm_execpath : null;
  const npmArgs = (args: string[]): [string, string[]] => (npmCli ? [process.execPath, [npmCli, ...args]] : ['npm', args]);
  const npm = (args: string[], cwd: string) =>
    execFileSync(...npmArgs(args), { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });

  const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT)) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string; size: number }[];
  }[];
  const files = packed[0]!.files.map((f) => f.path);

  it('holds the built code, bin, question bank, README and LICENSE, and nothing else', () => {
    expect(files).toContain('bin/mlops-drill.js');
    expect(files).toContain('dist/main.js');
    expect(files).toContain('dist/THIRD-PARTY-LICENSES.md');
    // The SQLite engine of import and export is read at run time, not bundled as code.
    expect(files).toContain('dist/sql-wasm.wasm');
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    expect(files).toContain('package.json');
    expect(files.filter((f) => f.startsWith('questions/') && f.endsWith('.md')).length).toBeGreaterThanOrEqual(75);
    const allowed = /^(bin\/|dist\/|questions\/|docs\/|README\.md$|LICENSE$|package\.json$)/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.filter((f) => /^(src|tests|scripts|\.ci)\//.test(f) || f.endsWith('.ts'))).toEqual([]);
  });

  it('installs into an empty folder with no dependencies to fetch, and runs with a fresh home', () => {
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{"name":"consumer","private":true}');
    npm(['install', '--offline', '--no-package-lock', path.join(work, packed[0]!.filename)], app);
    const home = tempHome();
    // `npx mlops-drill` finds the installed bin once; the other commands run that same installed
    // bin with node directly, as npx would, without npm's own second of start-up each time.
    const npx = (args: string[]) => spawnSync(...npmArgs(['exec', '--no', '--', 'mlops-drill', ...args]), { cwd: app, env: cleanEnv(home), encoding: 'utf8' });
    const installed = path.join(app, 'node_modules', 'mlops-drill');
    const bin = (JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['mlops-drill']!;
    const run = (args: string[]) => spawnSync(process.execPath, [path.join(installed, bin), ...args], { cwd: app, env: cleanEnv(home), encoding: 'utf8' });

    const version = npx(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    expect(fs.realpathSync(path.join(app, 'node_modules', '.bin', 'mlops-drill'))).toBe(fs.realpathSync(path.join(installed, bin)));

    const list = run(['list', '--json']);
    expect(list.status).toBe(0);
    const questions = JSON.parse(list.stdout) as { id: string; file: string }[];
    expect(questions.length).toBeGreaterThanOrEqual(75);

    const validate = run(['validate', '--strict']);
    expect(validate.status).toBe(0);
    expect(validate.stderr).toMatch(/0 error\(s\), 0 warning\(s\)/);

    // The SQLite engine loads from the installed package: there is no node_modules/sql.js here.
    const exported = run(['export', '--anki', path.join(app, 'bank.apkg'), '-n', '3']);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(fs.statSync(path.join(app, 'bank.apkg')).size).toBeGreaterThan(1000);
    // Commands that only read write no progress folder (npx keeps its own ~/.npm).
    expect(fs.readdirSync(home).filter((f) => f !== '.npm')).toEqual([]);
  });

  it('passes publint with nothing to report', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'publint', 'src', 'cli.js'), '--strict', ROOT], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/warning|error|suggestion/i);
  });

  /**
   * Size budgets in KiB, set from measurement: code 545 (158 of it the YAML parser
   * that reads front matter with positions), everything else but the bank 84 (0.1.0
   * shipped 1.7 MB unpacked, 41% of it a chunk of prompts the CLI never showed).
   * The bank's own files grow with the questions and are budgeted apart.
   */
  /** dist/ files reached (by any import) from the export and import commands and from no other entry. */
  function deckOnlyFiles(): Set<string> {
    const dist = path.join(ROOT, 'dist');
    const reach = (entries: string[], skip: (f: string) => boolean) => {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file) || skip(file)) return;
        seen.add(file);
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) visit(path.resolve(path.dirname(file), m[1]!));
      };
      entries.forEach(visit);
      return seen;
    };
    const isDeckCommand = (f: string) => /[\\/](export|import)-[A-Z0-9]+\.js$/.test(f);
    const chunks = fs.readdirSync(path.join(dist, 'chunks')).map((c) => path.join(dist, 'chunks', c));
    const fromDecks = reach(chunks.filter(isDeckCommand), () => false);
    const fromRest = reach([path.join(dist, 'main.js')], isDeckCommand);
    return new Set([...fromDecks].filter((f) => !fromRest.has(f)).map((f) => path.relative(ROOT, f).split(path.sep).join('/')));
  }

  it('stays within its size budgets', () => {
    const KB = 1024;
    const sizeOf = (test: (f: string) => boolean) => packed[0]!.files.filter((f) => test(f.path)).reduce((sum, f) => sum + f.size, 0);
    // import and export carry SQLite (code and wasm), a zip library and an HTML converter with
    // its DOM, loaded by those two commands only: budgeted apart from the code every command shares.
    const decks = deckOnlyFiles();
    const code = sizeOf((f) => f.startsWith('dist/') && f.endsWith('.js') && !decks.has(f));
    const deckCode = sizeOf((f) => decks.has(f));
    const wasm = sizeOf((f) => f === 'dist/sql-wasm.wasm');
    // The bank's index, its text and its ids (for `due`) are the bank too.
    const index = (f: string) => f === 'dist/bank-index.json' || f === 'dist/bank-text.jsonl';
    const bank = sizeOf((f) => f.startsWith('questions/') || index(f) || f === 'dist/bank-ids.json');
    const rest = packed[0]!.unpackedSize - code - deckCode - wasm - bank;
    // Cloze cards (scanner, cards, reveal) and the "more" pager added 11 KiB; the Python runner of
    // `validate --run` (9 KiB of source, loaded by that command only) and the fast path for
    // simple front matter (2 KiB) 12 more; sync-on-exit and settings sync 8.5 (background.ts,
    // settings-sync.ts, the lock in config); suspend and leeches about 6 (two commands with their
    // help, the leech action); `due` and the start menu's topic rows about 15 KiB; the review calendar, true retention
    // and flags in stats about 6 more; the bank index read lazily, with its check remembered, 2 more;
    // the `yaml` package's ES module build instead of its CommonJS one, 31 less; the fold's own FSRS
    // step (fsrs-step.ts, beside ts-fsrs, which the live session keeps) and the log reader's id table about 8 more.
    expect(code / KB, 'bundled code (KiB)').toBeLessThan(656);
    expect(deckCode / KB, 'code only import and export load (KiB)').toBeLessThan(480);
    expect(wasm / KB, 'the SQLite engine (KiB)').toBeLessThan(720);
    // The README, the docs, the licences and package.json: the docs grew with settings, sync, deck import, the bank check
    // and the measured first stats on a long log.
    expect(rest / KB, 'everything but code and bank (KiB)').toBeLessThan(129);
    // The index holds each question parsed once: never much more than the files it comes from.
    expect(sizeOf(index), 'bank index vs question files').toBeLessThan(1.5 * sizeOf((f) => f.startsWith('questions/')));
  });
});
