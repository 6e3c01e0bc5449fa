/**
 * The promises of README "Your progress is safe" that concern the log itself, each as the
 * failure that was reproduced against the built binary: answers counted twice, a checkpoint
 * that lied, imports that rewrote history, files that froze or crashed a command.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli } from '../helpers.js';
import { MINI_BANK, countOf, expectNoStackTrace, home, progressFileOf, readJsonLines } from './support.js';

const IDS = ['mini-choice', 'mini-output', 'mini-open'];
const T0 = Date.UTC(2025, 0, 1);

/** n answers as the drill writes them, one a minute from T0; every third one wrong. */
function answers(n: number, over: (i: number) => Record<string, unknown> = () => ({}), tag = 'a'): string[] {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      v: 1,
      kind: 'answer',
      rid: `${tag}-${String(i).padStart(7, '0')}`,
      at: new Date(T0 + i * 60_000).toISOString(),
      session: 'earlier',
      bank: 'bundled',
      id: IDS[i % 3],
      result: i % 3 === 2 ? 'incorrect' : 'correct',
      grade: i % 3 === 2 ? 'again' : 'good',
      hints: 0,
      revealed: false,
      nearMiss: false,
      seconds: 3,
      mode: 'drill',
      ...over(i),
    }),
  );
}

function writeLog(h: string, text: string | Buffer): string {
  const file = progressFileOf(h);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, text);
  return file;
}

interface Stats {
  answered: number;
  correct: number;
  seen: number;
  mastered: number;
}

function stats(h: string, env: NodeJS.ProcessEnv = {}): Stats & { stderr: string } {
  const r = runCli(['--bank', MINI_BANK, 'stats', '--json'], { home: h, env });
  expectNoStackTrace(r);
  expect(r.code, r.stderr).toBe(0);
  return { ...(JSON.parse(r.stdout) as Stats), stderr: r.stderr };
}

const checkpointOf = (h: string) => path.join(path.dirname(progressFileOf(h)), 'replay-cache.json');

describe('answers counted twice or lost', () => {
  it('a record id that appears twice (a retried write) is counted once', () => {
    const h = home();
    const lines = answers(4);
    writeLog(h, [...lines, lines[1], lines[3]].join('\n') + '\n');
    const s = stats(h);
    expect(s.answered).toBe(4);
    expect(s.correct).toBe(3);
  });

  it('a checkpointed log whose last complete record has no newline: five runs of stats agree', () => {
    const h = home();
    const lines = answers(2_500);
    const file = writeLog(h, lines.join('\n'));
    const runs = [1, 2, 3, 4, 5].map(() => stats(h));
    expect(fs.existsSync(checkpointOf(h))).toBe(true);
    for (const s of runs) expect(s.answered).toBe(2_500);
    // and the log was not touched by reading it
    expect(fs.readFileSync(file, 'utf8')).toBe(lines.join('\n'));
  });

  // A write that fails for good (a file size limit: EFBIG, as a full disk gives ENOSPC).
  it.skipIf(process.platform === 'win32' || !fs.existsSync('/bin/sh'))(
    'SIGTERM with answers waiting in memory: one last write is tried and the learner is told how many were not saved, exit 143',
    async () => {
      const h = home();
      const base = answers(1, () => ({ bank: '' }))[0]! + '\n';
      const before = answers(1, () => ({ bank: ' '.repeat(2048 - base.length) }))[0]! + '\n';
      expect(before.length).toBe(2048);
      const file = writeLog(h, before);
      // Skip every question: a skip is an answer too, and is saved like one.
      const child = spawn('/bin/sh', ['-c', 'ulimit -f 4 && exec "$0" "$@"', process.execPath, BIN, '--bank', MINI_BANK, '--plain', '--seed', '1'], {
        cwd: h,
        env: cleanEnv(h),
      });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const waiting = new Set<() => void>();
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        for (const check of [...waiting]) check();
      });
      const seen = (text: string) =>
        new Promise<void>((resolve) => {
          const check = () => {
            if (!stdout.includes(text)) return;
            waiting.delete(check);
            resolve();
          };
          waiting.add(check);
          check();
        });
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      await seen('Question 1 of 3');
      child.stdin.write(':s\n');
      await seen('Question 2 of 3');
      child.kill('SIGTERM');
      const r = { code: await exited, stdout, stderr };
      expect(r.code, r.stderr).toBe(143);
      expectNoStackTrace(r);
      expect(r.stderr).toMatch(/kept in memory/);
      expect(countOf(r.stderr, /^1 answer\(s\) could not be saved\.$/m)).toBe(1);
      expect(fs.readFileSync(file, 'utf8')).toBe(before);
    },
  );
});

describe('a checkpoint that cannot lie', () => {
  function checkpointed(n = 2_100): { h: string; file: string; truth: Stats } {
    const h = home();
    const file = writeLog(h, answers(n).join('\n') + '\n');
    const truth = stats(h);
    expect(fs.existsSync(checkpointOf(h))).toBe(true);
    return { h, file, truth };
  }

  it('an edit in the middle of the log, same length, is noticed: the figures follow the log', () => {
    const { h, file, truth } = checkpointed();
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    for (let i = 900; i < 1_000; i++) if (lines[i]!.includes('"result":"correct"')) lines[i] = lines[i]!.replace('"result":"correct"', '"result":"skipped"');
    const edited = lines.join('\n');
    expect(edited.length).toBe(text.length);
    fs.writeFileSync(file, edited);
    const changed = (text.slice(0, text.length).match(/"result":"correct"/g)!.length - edited.match(/"result":"correct"/g)!.length);
    expect(changed).toBeGreaterThan(50);
    const s = stats(h);
    expect(s.correct).toBe(truth.correct - changed);
  });

  it('a forged checkpoint is ignored: the figures come from the log', () => {
    const { h, truth } = checkpointed();
    const cp = JSON.parse(fs.readFileSync(checkpointOf(h), 'utf8')) as { summary: { answers: number; tallies: [string, { attempts: number; answered: number; correct: number }][] } };
    cp.summary.answers = 500_000;
    for (const [, t] of cp.summary.tallies) Object.assign(t, { attempts: 500_000 / 3, answered: 500_000 / 3, correct: 500_000 / 3 });
    fs.writeFileSync(checkpointOf(h), JSON.stringify(cp));
    const s = stats(h);
    expect(s).toMatchObject({ answered: truth.answered, correct: truth.correct });
  });

  const crafted: [string, (cp: Record<string, any>) => void][] = [
    ['a card state "weird"', (cp) => (cp.summary.cards[0][1].state = 'weird')],
    ['a negative offset', (cp) => (cp.offset = -120)],
    ['a bad due date', (cp) => (cp.summary.cards[0][1].due = 'not a date')],
    ['a due date JavaScript cannot print', (cp) => (cp.summary.cards[0][1].due = '+275760-09-13T00:00:00.000Z')],
    ['a null tally', (cp) => (cp.summary.tallies[0][1] = null)],
    ['tallies that are not a list', (cp) => (cp.summary.tallies = { a: 1 })],
    ['not JSON at all', (cp) => Object.keys(cp).forEach((k) => delete cp[k])],
  ];

  it.each(crafted)('%s: no crash in stats, list --json or the drill; the figures of the log; at most one notice; rebuilt', (_what, craft) => {
    const { h, truth } = checkpointed();
    const listed = runCli(['--bank', MINI_BANK, 'list', '--json'], { home: h }).stdout;
    const cp = JSON.parse(fs.readFileSync(checkpointOf(h), 'utf8')) as Record<string, any>;
    craft(cp);
    const put = () => fs.writeFileSync(checkpointOf(h), Object.keys(cp).length === 0 ? '{"v":2,' : JSON.stringify(cp));
    put();
    const s = stats(h);
    expect(s).toMatchObject({ answered: truth.answered, correct: truth.correct });
    expect(countOf(s.stderr, /\n/)).toBeLessThanOrEqual(1);
    put();
    const list = runCli(['--bank', MINI_BANK, 'list', '--json'], { home: h });
    expectNoStackTrace(list);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(listed);
    put();
    const drill = runCli(['--bank', MINI_BANK, '--plain', '--cram', '-n', '1'], { home: h, input: ':q\n' });
    expectNoStackTrace(drill);
    expect(drill.code).toBe(0);
    // rebuilt: the next run reads it without a word
    expect(stats(h).stderr).toBe('');
  });
});

describe('files in the progress folder', () => {
  it('a progress folder others can write is refused for writing, with the chmod that fixes it', () => {
    const h = home();
    const shared = path.join(h, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o777);
    const env = { MLOPS_DRILL_HOME: shared };
    const r = runCli(['--bank', MINI_BANK, '--plain', '--type', 'choice'], { home: h, env, input: ':s\n' });
    expect(r.code).toBe(1);
    expectNoStackTrace(r);
    expect(countOf(r.stderr, /chmod 700 /)).toBe(1);
    expect(r.stderr).toContain(`chmod 700 ${shared}`);
    expect(fs.readdirSync(shared)).toEqual([]);
    const file = path.join(h, 'in.jsonl');
    fs.writeFileSync(file, answers(2).join('\n') + '\n');
    const i = runCli(['progress', 'import', file], { home: h, env });
    expect(i.code).toBe(1);
    expect(i.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(i.stderr).toContain(`chmod 700 ${shared}`);
    expect(fs.readdirSync(shared)).toEqual([]);
  });

  it('a link the learner made in their own private folder keeps working', () => {
    const h = home();
    const synced = path.join(h, 'synced');
    fs.mkdirSync(synced, { mode: 0o700 });
    const target = path.join(synced, 'progress.jsonl');
    fs.writeFileSync(target, answers(1).join('\n') + '\n');
    const file = progressFileOf(h);
    fs.mkdirSync(path.dirname(file), { mode: 0o700 });
    fs.symlinkSync(target, file);
    const r = runCli(['--bank', MINI_BANK, '--plain', '--type', 'open', '--cram'], { home: h, input: '\n3\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readJsonLines(target)).toHaveLength(2);
  });
});
