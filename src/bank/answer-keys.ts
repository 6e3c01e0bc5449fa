import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Question, Problem } from './question.js';
import { diffLines, normaliseStrict } from '../grade.js';
import { PYTHON_FLAGS, runSnippets, type Run } from './snippet-runner.js';

/**
 * Author tooling: prove the answer keys of `grading: exact` output questions by
 * running each snippet with python3 and comparing what it prints with the key.
 * The drill never runs question code; only `validate --run` does.
 */
export interface KeyCheck {
  question: Question;
  ok: boolean;
  /** Why it failed: a diff of key and actual output, or the run error. */
  detail: string;
  /** What the snippet printed (at most OUTPUT_CAP bytes). */
  output: string;
}

export function findPython(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidate = env.MLOPS_DRILL_PYTHON || 'python3';
  const probe = spawnSync(candidate, ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8', timeout: 10_000 });
  return probe.status === 0 && probe.stdout.trim() === '3' ? candidate : null;
}

/** Output kept from one snippet: an answer key is a few lines, and a flood must not fill memory. */
export const OUTPUT_CAP = 1024 * 1024;

/**
 * Every key is proven under two hash seeds: a snippet whose output depends on the seed (a set of
 * strings printed as it is) has no right key, since a learner's python3 picks a random one at each run.
 */
const FIRST_SEED = '0';
const SECOND_SEED = '1';

/**
 * The environment a snippet sees: the path, a hash seed and UTF-8 output, nothing of the author's.
 * python3 runs with -s (no user site-packages) instead of -I, whose -E would ignore the hash seed;
 * nothing else of the author's environment reaches it, since this is all of it. PYTHONSAFEPATH
 * keeps the working folder off sys.path (Python 3.11 on); before 3.11 that folder is an empty
 * one made for the run (see checkAnswerKeys), so there is nothing there to import either.
 */
function snippetEnv(seed = FIRST_SEED): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    PYTHONHASHSEED: seed,
    PYTHONIOENCODING: 'utf-8',
    PYTHONSAFEPATH: '1',
    OPENBLAS_CORETYPE: process.env.OPENBLAS_CORETYPE,
    OPENBLAS_L2_SIZE: process.env.OPENBLAS_L2_SIZE,
  } as NodeJS.ProcessEnv;
}


/**
 * Run one snippet in its own process group, so that whatever it starts can be killed with it:
 * a child that inherits stdout would otherwise keep the pipe open, and the check waiting, long
 * after the snippet ended or its time ran out.
 */
export function runOne(python: string, code: string, timeoutMs: number, opts: { seed?: string; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const ownGroup = process.platform !== 'win32';
    // A snippet before this one may have removed the shared folder: each run finds it there.
    if (opts.cwd) fs.mkdirSync(opts.cwd, { recursive: true });
    const child = spawn(python, [...PYTHON_FLAGS, '-'], { stdio: ['pipe', 'pipe', 'pipe'], detached: ownGroup, env: snippetEnv(opts.seed), cwd: opts.cwd });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let timedOut = false;
    let flooded = false;
    const killAll = () => {
      try {
        if (ownGroup && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killAll();
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      if (flooded) return;
      outBytes += d.length;
      if (outBytes > OUTPUT_CAP) {
        flooded = true;
        killAll();
      } else out.push(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      // Only the end of stderr is shown (the last lines of a traceback).
      err.push(d);
      errBytes += d.length;
      while (errBytes > 64 * 1024 && err.length > 1) errBytes -= err.shift()!.length;
    });
    // When the snippet ends, anything it left running goes too: its output is complete.
    child.on('exit', killAll);
    // Could not start at all: say why, where a traceback would be.
    child.on('error', (error) => err.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: exitCode, timedOut, flooded });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(code);
  });
}

export async function checkAnswerKeys(questions: Question[], python: string, timeoutMs = 30_000): Promise<KeyCheck[]> {
  const targets = questions.filter((q) => q.type === 'output' && q.grading === 'exact' && q.code);
  // Snippets run in an empty folder made for this check: what they write lands there and goes with it.
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drill-run-'));
  try {
    const first = await runAll(targets, python, timeoutMs, FIRST_SEED, cwd);
    const results = targets.map((q, i) => judge(q, first[i]!, timeoutMs));
    // The keys that held, once more under another hash seed.
    const held = results.flatMap((r, i) => (r.ok ? [i] : []));
    const second = await runAll(held.map((i) => targets[i]!), python, timeoutMs, SECOND_SEED, cwd);
    held.forEach((i, k) => {
      const again = judge(targets[i]!, second[k]!, timeoutMs);
      if (again.ok) return;
      const changed = again.detail.startsWith('the key differs');
      results[i] = {
        ...again,
        detail: changed
          ? `what it prints depends on Python's hash seed (it printed the key with PYTHONHASHSEED=${FIRST_SEED}, and this with PYTHONHASHSEED=${SECOND_SEED}); a learner's python3 picks a random seed at each run, so sort a set before printing it:\n${again.detail.slice(again.detail.indexOf('\n') + 1)}`
          : `with PYTHONHASHSEED=${SECOND_SEED}, ${again.detail}`,
      };
    });
    return results;
  } finally {
    try {
      fs.rmSync(cwd, { recursive: true, force: true });
    } catch {
      // A snippet that took the rights to its own folder away leaves it behind: the keys were still checked.
    }
  }
}

/** Run snippets under one hash seed: through one python3 that forks a child per snippet where the platform can fork, else (Windows, or a snippet the runner did not get to) a python3 each. */
async function runAll(targets: Question[], python: string, timeoutMs: number, seed: string, cwd: string): Promise<Run[]> {
  const jobs = Math.max(1, Math.min(os.availableParallelism(), 4));
  fs.mkdirSync(cwd, { recursive: true });
  const runs: (Run | undefined)[] =
    process.platform === 'win32' || targets.length === 0
      ? []
      : await runSnippets(python, targets.map((q) => q.code!.text), { timeoutMs, cap: OUTPUT_CAP, jobs, env: snippetEnv(seed), cwd });
  const results: Run[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      results[i] = runs[i] ?? (await runOne(python, targets[i]!.code!.text, timeoutMs, { seed, cwd }));
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return results;
}

/** What one run says of a question's key. */
function judge(q: Question, r: Run, timeoutMs: number): KeyCheck {
  const output = r.stdout;
  if (r.flooded) return { question: q, ok: false, output, detail: `the snippet printed more than ${OUTPUT_CAP / 1024 / 1024} MiB and was stopped` };
  if (r.timedOut) return { question: q, ok: false, output, detail: `the snippet ran longer than ${timeoutMs / 1000} s` };
  if (r.code !== 0) {
    const last = r.stderr.trim().split('\n').slice(-3).join('\n');
    return { question: q, ok: false, output, detail: `the snippet failed (exit ${r.code}):\n${last}` };
  }
  const expected = normaliseStrict(q.answer);
  const actual = normaliseStrict(r.stdout);
  if (expected === actual) return { question: q, ok: true, output, detail: '' };
  const detail = diffLines(expected.split('\n'), actual.split('\n'))
    .map((d) => (d.op === 'same' ? `  ${d.text}` : d.op === 'expected' ? `- ${d.text}` : `+ ${d.text}`))
    .join('\n');
  return { question: q, ok: false, output, detail: `the key differs from what the code prints (- key, + printed):\n${detail}` };
}

export function keyProblems(checks: KeyCheck[], answerLine: (q: Question) => number): Problem[] {
  return checks
    .filter((c) => !c.ok)
    .map((c) => ({ file: c.question.file, line: answerLine(c.question), col: 1, severity: 'error' as const, message: `answer key of '${c.question.id}': ${c.detail}` }));
}
