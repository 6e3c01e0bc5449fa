import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'mlops-drill.js');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');

/** A fresh, empty home folder for one test: tests never touch the real one. */
export function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drill-test-'));
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment a learner's shell would give, minus anything that leaks the real home. */
export function cleanEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', TZ: process.env.TZ, ...extra };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

/** Run the built binary as a user would, synchronously. */
export function runCli(args: string[], opts: { home: string; input?: string; env?: NodeJS.ProcessEnv; cwd?: string }): RunResult {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? opts.home,
    env: cleanEnv(opts.home, opts.env),
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Start the binary without waiting, for signal and concurrency tests. */
export function startCli(args: string[], opts: { home: string; env?: NodeJS.ProcessEnv; cwd?: string }) {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? opts.home,
    env: cleanEnv(opts.home, opts.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function progressLines(home: string): string[] {
  const file = path.join(home, '.mlops-drill', 'progress.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

/** Whether git can be run here (the sync tests need it; without it they are skipped). */
export function hasGit(): boolean {
  return spawnSync('git', ['--version'], { stdio: 'ignore' }).status === 0;
}
