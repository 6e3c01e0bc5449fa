/**
 * Extras for the end-to-end tests, built on tests/helpers.ts: a spawned session that
 * can wait for text (never a fixed sleep), answer keys for the mini bank, and
 * generated fixtures that are too big to commit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { FIXTURES, startCli, tempHome, type RunResult } from '../helpers.js';

const made: string[] = [];

/** tempHome(), removed again when the test file is done (the tests never touch the real home). */
export function home(): string {
  const dir = tempHome();
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export const MINI_BANK = path.join(FIXTURES, 'mini-bank');
export const BROKEN_BANK = path.join(FIXTURES, 'broken-bank');

export const ESC = '\u001b';
export const BEL = '\u0007';

/** A stack trace line as Node prints it: "    at fn (file:1:2)". */
export function expectNoStackTrace(r: { stdout: string; stderr: string }): void {
  expect(r.stderr).not.toMatch(/^\s+at .+(:\d+:\d+\)?|\(node:)/m);
  expect(r.stdout).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.stderr).not.toMatch(/failed unexpectedly|TypeError|ReferenceError/);
}

export function countOf(text: string, needle: string | RegExp): number {
  if (typeof needle === 'string') return text.split(needle).length - 1;
  return (text.match(new RegExp(needle.source, needle.flags.includes('g') ? needle.flags : needle.flags + 'g')) ?? []).length;
}

export function readJsonLines(file: string): Record<string, unknown>[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function progressFileOf(home: string): string {
  return path.join(home, '.mlops-drill', 'progress.jsonl');
}

/** A running binary whose output can be waited on. */
export interface Session {
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the output from `from` on once it matches; rejects on timeout or exit. */
  waitFor(pattern: RegExp | string, opts?: { from?: number; timeoutMs?: number }): Promise<string>;
  send(line: string): void;
  end(): void;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<RunResult>;
  pid: number | undefined;
}

export function startSession(args: string[], opts: { home: string; env?: NodeJS.ProcessEnv; cwd?: string }): Session {
  const child = startCli(args, opts);
  let stdout = '';
  let stderr = '';
  let done: RunResult | null = null;
  const listeners = new Set<() => void>();
  const poke = () => {
    for (const l of [...listeners]) l();
  };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    stdout += d;
    poke();
  });
  child.stderr.on('data', (d: string) => {
    stderr += d;
    poke();
  });
  // The child may exit before reading everything we piped in: not an error for these tests.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<RunResult>((resolve) => {
    child.on('close', (code, signal) => {
      done = { code, signal, stdout, stderr };
      resolve(done);
      poke();
    });
  });
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    pid: child.pid,
    waitFor(pattern, { from = 0, timeoutMs = 10_000 } = {}) {
      const test = (s: string) => (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s));
      return new Promise<string>((resolve, reject) => {
        const check = () => {
          const seen = stdout.slice(from);
          if (test(seen)) {
            cleanup();
            resolve(seen);
          } else if (done) {
            cleanup();
            reject(new Error(`exited (code ${done.code}, signal ${done.signal}) before ${String(pattern)} appeared.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${String(pattern)}.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    send(line) {
      child.stdin.write(line + '\n');
    },
    end() {
      child.stdin.end();
    },
    kill(signal) {
      child.kill(signal);
    },
    exited,
  };
}

/** The letter printed before an option, e.g. "C" for "C) 8080", in the text of one question. */
export function letterOf(screen: string, option: string): string {
  const escaped = option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^\\s*(?:❯\\s*)?([A-F])\\) ${escaped}\\s*$`, 'm').exec(screen);
  if (!m) throw new Error(`option '${option}' not on screen:\n${screen}`);
  return m[1]!;
}

/** The text of the question being asked now: everything after the last header. */
export function currentQuestion(stdout: string): string {
  const at = stdout.lastIndexOf('Question ');
  return at < 0 ? '' : stdout.slice(at);
}

export const MINI_TITLES = {
  choice: 'Which port does the health check use',
  output: 'Printing the model version',
  open: 'Why pin dependency versions',
} as const;

export type MiniType = keyof typeof MINI_TITLES;

export function typeOnScreen(question: string): MiniType {
  for (const [type, title] of Object.entries(MINI_TITLES)) if (question.includes(title)) return type as MiniType;
  throw new Error(`no mini-bank question on screen:\n${question}`);
}

/** Wait for question n of the plain drill and tell which mini-bank question it is. */
export async function nextQuestion(s: Session, n: number, total: number): Promise<{ type: MiniType; text: string; offset: number }> {
  const offset = s.stdout.lastIndexOf(`Question ${n - 1} of ${total}`) + 1;
  const re = new RegExp(`Question ${n} of ${total}[\\s\\S]*(Answer with a letter|Type the output|Think it through)`);
  await s.waitFor(re, { from: offset });
  const text = currentQuestion(s.stdout);
  return { type: typeOnScreen(text), text, offset: s.stdout.length };
}

/** Answer whichever mini-bank question is on screen correctly, without hints. */
export async function answerRight(s: Session, q: { type: MiniType; text: string }): Promise<void> {
  if (q.type === 'choice') s.send(letterOf(q.text, '8080'));
  else if (q.type === 'output') {
    s.send('Model v2');
    s.send('ready');
    s.send('.');
  } else {
    const from = s.stdout.length;
    s.send('');
    await s.waitFor('Grade yourself', { from });
    s.send('3');
  }
}

/** A bank of n choice questions in a fresh temp folder; option "right" is always correct. */
export function generatedChoiceBank(n: number): string {
  const dir = home();
  for (let i = 0; i < n; i++) {
    const id = `gen-${String(i).padStart(3, '0')}`;
    fs.writeFileSync(
      path.join(dir, `${id}.md`),
      `---\nid: ${id}\ntitle: Generated question ${i}\ndifficulty: easy\ntype: choice\ntopics: [load]\n---\nPick the right one (${i}).\n\n## Choices\n- [ ] wrong a\n- [x] right\n- [ ] wrong b\n\n## Hint\nIt says right.\n`,
    );
  }
  return dir;
}

/** Whether this process can write into a folder it has made read-only (true for root). */
export function chmodDoesNotStopWrites(): boolean {
  const dir = tempHome();
  const ro = path.join(dir, 'ro');
  fs.mkdirSync(ro);
  fs.chmodSync(ro, 0o500);
  try {
    fs.writeFileSync(path.join(ro, 'probe'), 'x');
    return true;
  } catch {
    return false;
  } finally {
    fs.chmodSync(ro, 0o700);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Settings without a daily limit on new questions, for tests that drill more than the default
 * ten new questions in one day: a settings file of its own in `home`, through MLOPS_DRILL_CONFIG.
 */
export function noDailyLimit(home: string): NodeJS.ProcessEnv {
  const file = path.join(home, 'no-daily-limit.json');
  fs.writeFileSync(file, JSON.stringify({ 'new-per-day': 10_000 }));
  return { MLOPS_DRILL_CONFIG: file };
}

/** A progress log of these answers (tests/builders.ts `answer`), written where `home`'s drill would keep it. */
export function writeLog(home: string, records: readonly object[]): string {
  const file = progressFileOf(home);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : ''), { mode: 0o600 });
  return file;
}
