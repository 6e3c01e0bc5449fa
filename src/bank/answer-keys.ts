import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import type { Question, Problem } from './question.js';
import { diffLines, normaliseStrict } from '../grade.js';

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
}

export function findPython(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidate = env.MLOPS_DRILL_PYTHON || 'python3';
  const probe = spawnSync(candidate, ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8', timeout: 10_000 });
  return probe.status === 0 && probe.stdout.trim() === '3' ? candidate : null;
}

function runOne(python: string, code: string, timeoutMs: number): Promise<{ stdout: string; stderr: string; code: number | null; timedOut: boolean }> {
  return new Promise((resolve) => {
    // -I: isolated mode, so the snippet cannot pick up modules from the working folder or user site.
    const child = spawn(python, ['-I', '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, PYTHONHASHSEED: '0', PYTHONIOENCODING: 'utf-8', OPENBLAS_CORETYPE: process.env.OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE: process.env.OPENBLAS_L2_SIZE } as NodeJS.ProcessEnv,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, timedOut });
    });
    child.stdin.end(code);
  });
}

export async function checkAnswerKeys(questions: Question[], python: string, timeoutMs = 30_000): Promise<KeyCheck[]> {
  const targets = questions.filter((q) => q.type === 'output' && q.grading === 'exact' && q.code);
  const results: KeyCheck[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      const q = targets[i]!;
      const r = await runOne(python, q.code!.text, timeoutMs);
      if (r.timedOut) {
        results[i] = { question: q, ok: false, detail: `the snippet ran longer than ${timeoutMs / 1000} s` };
      } else if (r.code !== 0) {
        const last = r.stderr.trim().split('\n').slice(-3).join('\n');
        results[i] = { question: q, ok: false, detail: `the snippet failed (exit ${r.code}):\n${last}` };
      } else {
        const expected = normaliseStrict(q.answer);
        const actual = normaliseStrict(r.stdout);
        const ok = expected === actual;
        const detail = ok
          ? ''
          : diffLines(expected.split('\n'), actual.split('\n'))
              .map((d) => (d.op === 'same' ? `  ${d.text}` : d.op === 'expected' ? `- ${d.text}` : `+ ${d.text}`))
              .join('\n');
        results[i] = { question: q, ok, detail: ok ? '' : `the key differs from what the code prints (- key, + printed):\n${detail}` };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(os.availableParallelism(), 4)) }, worker));
  return results;
}

export function keyProblems(checks: KeyCheck[], answerLine: (q: Question) => number): Problem[] {
  return checks
    .filter((c) => !c.ok)
    .map((c) => ({ file: c.question.file, line: answerLine(c.question), col: 1, severity: 'error' as const, message: `answer key of '${c.question.id}': ${c.detail}` }));
}
