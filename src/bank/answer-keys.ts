import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import type { Question, Problem } from './question.js';
import { diffLines, normaliseStrict } from '../grade.js';
import { runSnippets, type Run } from './snippet-runner.js';

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

/** The environment a snippet sees: the path, a fixed hash seed and UTF-8 output, nothing of the author's. */
function snippetEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, PYTHONHASHSEED: '0', PYTHONIOENCODING: 'utf-8', OPENBLAS_CORETYPE: process.env.OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE: process.env.OPENBLAS_L2_SIZE } as NodeJS.ProcessEnv;
}

/**
 * Run one snippet in its own process group, so that whatever it starts can be killed with it:
 * a child that inherits stdout would otherwise keep the pipe open, and the check waiting, long
 * after the snippet ended or its time ran out.
 */
export function runOne(python: string, code: string, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const ownGroup = process.platform !== 'win32';
    // -I: isolated mode, so the snippet cannot pick up modules from the working folder or user site.
    const child = spawn(python, ['-I', '-'], { stdio: ['pipe', 'pipe', 'pipe'], detached: ownGroup, env: snippetEnv() });
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
    child.on('error', () => undefined);
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
  const results: KeyCheck[] = new Array(targets.length);
  const jobs = Math.max(1, Math.min(os.availableParallelism(), 4));
  // One python3 that forks a child per snippet where the platform can fork; one python3 per
  // snippet on Windows, and for any snippet the runner did not get to.
  const runs: (Run | undefined)[] =
    process.platform === 'win32' ? [] : await runSnippets(python, targets.map((q) => q.code!.text), { timeoutMs, cap: OUTPUT_CAP, jobs, env: snippetEnv() });
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      const q = targets[i]!;
      const r = runs[i] ?? (await runOne(python, q.code!.text, timeoutMs));
      const output = r.stdout;
      if (r.flooded) {
        results[i] = { question: q, ok: false, output, detail: `the snippet printed more than ${OUTPUT_CAP / 1024 / 1024} MiB and was stopped` };
      } else if (r.timedOut) {
        results[i] = { question: q, ok: false, output, detail: `the snippet ran longer than ${timeoutMs / 1000} s` };
      } else if (r.code !== 0) {
        const last = r.stderr.trim().split('\n').slice(-3).join('\n');
        results[i] = { question: q, ok: false, output, detail: `the snippet failed (exit ${r.code}):\n${last}` };
      } else {
        const expected = normaliseStrict(q.answer);
        const actual = normaliseStrict(r.stdout);
        const ok = expected === actual;
        const detail = ok
          ? ''
          : diffLines(expected.split('\n'), actual.split('\n'))
              .map((d) => (d.op === 'same' ? `  ${d.text}` : d.op === 'expected' ? `- ${d.text}` : `+ ${d.text}`))
              .join('\n');
        results[i] = { question: q, ok, output, detail: ok ? '' : `the key differs from what the code prints (- key, + printed):\n${detail}` };
      }
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return results;
}

export function keyProblems(checks: KeyCheck[], answerLine: (q: Question) => number): Problem[] {
  return checks
    .filter((c) => !c.ok)
    .map((c) => ({ file: c.question.file, line: answerLine(c.question), col: 1, severity: 'error' as const, message: `answer key of '${c.question.id}': ${c.detail}` }));
}
