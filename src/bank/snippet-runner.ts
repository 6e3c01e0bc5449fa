import { spawn } from 'node:child_process';
import { RUNNER_SOURCE } from './snippet-runner-source.js';

/** The interpreter's flags for the runner and every snippet: no user site-packages (answer-keys.ts says why not -I). */
export const PYTHON_FLAGS = ['-s'];

/** What one snippet did, however it was run. */
export interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
  timedOut: boolean;
  flooded: boolean;
}

/** Packages worth importing once in the runner, before forking: each costs a python3 start or more. */
const PRELOADABLE = new Set(['numpy', 'scipy', 'pandas', 'sklearn']);

/** The heavy modules the snippets import (`import numpy as np`, `from scipy.stats import norm`). */
export function modulesToPreload(codes: readonly string[]): string[] {
  const found = new Set<string>();
  for (const code of codes) {
    for (const m of code.matchAll(/^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b|import[ \t]+([A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*))/gm)) {
      const names = m[1] !== undefined ? [m[1]] : m[2]!.split(',').map((n) => n.trim());
      for (const name of names) if (PRELOADABLE.has(name.split('.')[0]!)) found.add(name);
    }
  }
  return [...found].sort();
}

export interface RunnerOptions {
  timeoutMs: number;
  cap: number;
  /** How many snippets run at once. */
  jobs: number;
  env: NodeJS.ProcessEnv;
  /** The working folder of the runner and every snippet. */
  cwd?: string;
}

/**
 * Run every snippet through one long-lived python3 that forks a child per snippet (the
 * runner's source says how the guarantees are kept). Resolves with a result for each
 * snippet it managed to run; a snippet left without one (the runner could not start, or
 * stopped answering) is for the caller to run another way.
 */
export function runSnippets(python: string, codes: readonly string[], opts: RunnerOptions): Promise<(Run | undefined)[]> {
  return new Promise((resolve) => {
    const results: (Run | undefined)[] = new Array(codes.length);
    if (codes.length === 0) return resolve(results);
    const runner = spawn(python, [...PYTHON_FLAGS, '-c', RUNNER_SOURCE], { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env, cwd: opts.cwd });
    const started = new Map<number, number>();
    let left = codes.length;
    let settled = false;
    let watchdog: NodeJS.Timeout | undefined;
    // The runner enforces each snippet's time limit itself; this only catches a runner that
    // stops answering (a preload that hangs, say): a little over the limit without a word.
    const quietLimit = Math.max(opts.timeoutMs, 1_000) + 10_000;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => done(true), quietLimit);
    };
    const done = (abort: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      if (abort) {
        // Whatever is still running goes, with its process group, and the runner with it.
        for (const pid of started.values()) killGroup(pid);
        runner.kill('SIGKILL');
      }
      runner.stdin.destroy();
      resolve(results);
    };
    let buffered = '';
    runner.stdout.setEncoding('utf8');
    runner.stdout.on('data', (text: string) => {
      arm();
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        let msg: { ready?: boolean; id?: number; pid?: number; stdout?: string; stderr?: string; code?: number | null; timedOut?: boolean; flooded?: boolean };
        try {
          msg = JSON.parse(line);
        } catch {
          return done(true);
        }
        if (msg.ready) {
          codes.forEach((code, id) => runner.stdin.write(JSON.stringify({ id, code: Buffer.from(code, 'utf8').toString('base64') }) + '\n'));
          runner.stdin.end();
        } else if (typeof msg.id === 'number' && msg.stdout === undefined && typeof msg.pid === 'number') {
          started.set(msg.id, msg.pid);
        } else if (typeof msg.id === 'number' && results[msg.id] === undefined) {
          started.delete(msg.id);
          results[msg.id] = {
            stdout: Buffer.from(msg.stdout ?? '', 'base64').toString('utf8'),
            stderr: Buffer.from(msg.stderr ?? '', 'base64').toString('utf8'),
            code: msg.code ?? null,
            timedOut: msg.timedOut === true,
            flooded: msg.flooded === true,
          };
          if (--left === 0) done(false);
        }
      }
    });
    runner.stderr.resume();
    runner.stdin.on('error', () => undefined);
    runner.on('error', () => done(true));
    runner.on('close', () => done(left > 0));
    arm();
    runner.stdin.write(JSON.stringify({ timeout: opts.timeoutMs, cap: opts.cap, jobs: opts.jobs, preload: modulesToPreload(codes) }) + '\n');
  });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
