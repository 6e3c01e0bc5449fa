import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmptyCard, fsrs, Rating, type Card } from 'ts-fsrs';
import { FIXTURES, runCli } from '../helpers.js';
import { home, progressFileOf, readJsonLines, startSession } from './support.js';
import { describeInTerminal, keys, startInTmux, tmux as terminal, waitForScreen } from './tmux.js';

/**
 * Spaced repetition end to end: what the log says is due is what `review` asks, the
 * default drill puts due reviews before new questions, cram leaves the schedule alone,
 * and an exam ends with a report. Times in the fixture logs are relative to now.
 */
const BANK = path.join(FIXTURES, 'review-bank');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function record(id: string, atMs: number, grade: 'again' | 'hard' | 'good' | 'easy' | null, mode = 'drill') {
  return {
    v: 1,
    kind: 'answer',
    rid: `${id}-${atMs}-${mode}`,
    at: new Date(atMs).toISOString(),
    session: 'fixture',
    bank: BANK,
    id,
    result: grade === 'again' ? 'incorrect' : grade === null ? 'skipped' : 'correct',
    grade,
    hints: 0,
    revealed: false,
    nearMiss: false,
    seconds: 5,
    mode,
  };
}

function writeLog(h: string, records: object[]): string {
  const file = progressFileOf(h);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

/** review-one: missed two days ago (due); review-two: easy an hour ago (not due); three and four: new. */
function fixtureHome(): string {
  const h = home();
  const now = Date.now();
  writeLog(h, [record('review-one', now - 2 * DAY, 'again'), record('review-two', now - HOUR, 'easy')]);
  return h;
}

const list = (h: string) =>
  JSON.parse(runCli(['list', '--json', '--bank', BANK], { home: h }).stdout) as {
    id: string;
    history: { attempts: number };
    schedule: { due: string; state: string; reps: number; lapses: number; stability: number } | null;
  }[];

/** Answer the choice on screen with the option whose text starts with "Right answer". */
async function answerRight(s: ReturnType<typeof startSession>, from: number): Promise<number> {
  const seen = await s.waitFor(/Answer with a letter/, { from });
  const options = [...seen.matchAll(/^([A-F])\) (.*)$/gm)];
  const right = options.reverse().find((m) => m[2]!.startsWith('Right answer'));
  expect(right).toBeDefined();
  s.send(right![1]!);
  return s.stdout.length;
}

describe('the schedule comes from the log', () => {
  it('list --json shows the FSRS schedule that the log implies', () => {
    const h = fixtureHome();
    const now = Date.now();
    const rows = list(h);
    const one = rows.find((r) => r.id === 'review-one')!;
    const two = rows.find((r) => r.id === 'review-two')!;
    expect(rows.find((r) => r.id === 'review-three')!.schedule).toBeNull();
    // The same answers through ts-fsrs directly, without fuzz.
    const f = fsrs({ enable_fuzz: false });
    const logOne = JSON.parse(fs.readFileSync(progressFileOf(h), 'utf8').split('\n')[0]!) as { at: string };
    const expectedOne = f.next(createEmptyCard<Card>(new Date(logOne.at)), new Date(logOne.at), Rating.Again).card;
    expect(one.schedule!.due).toBe(expectedOne.due.toISOString());
    expect(one.schedule!.reps).toBe(1);
    expect(new Date(one.schedule!.due).getTime()).toBeLessThanOrEqual(now);
    expect(new Date(two.schedule!.due).getTime()).toBeGreaterThan(now);
    expect(two.schedule!.state).toBe('review');
  });

  it('review asks exactly the due questions, then says when the next review is', async () => {
    const h = fixtureHome();
    const s = startSession(['review', '--plain', '--bank', BANK, '--seed', '1'], { home: h });
    await answerRight(s, 0);
    const r = await s.exited;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 question(s): 1 due for review, 0 new');
    expect(r.stdout).toContain('Review question one');
    expect(r.stdout).not.toMatch(/Review question (two|three|four)/);
    const answers = readJsonLines(progressFileOf(h)).filter((x) => x.session !== 'fixture');
    expect(answers.map((a) => [a.id, a.grade, a.mode])).toEqual([['review-one', 'good', 'review']]);

    // Now nothing is due: review says so and when the next one is.
    const again = runCli(['review', '--plain', '--bank', BANK], { home: h, input: 'n\n' });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing is due for review.');
    expect(again.stdout).toMatch(/Next review: \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in /);
  });

  it('the default drill asks due reviews first, then new questions, never one that is not due', async () => {
    const h = fixtureHome();
    const s = startSession(['--plain', '--bank', BANK, '--seed', '4', '-n', '3'], { home: h });
    let at = await answerRight(s, 0);
    at = await answerRight(s, at);
    await answerRight(s, at);
    const r = await s.exited;
    expect(r.code).toBe(0);
    const asked = [...r.stdout.matchAll(/^Review question (\w+)$/gm)].map((m) => m[1]);
    expect(asked[0]).toBe('one');
    expect(asked).toHaveLength(3);
    expect(asked).not.toContain('two');
    expect(new Set(asked.slice(1))).toEqual(new Set(['three', 'four']));
  });

  it('cram answers are recorded but leave the schedule as it was', async () => {
    const h = fixtureHome();
    const before = list(h).map((r) => [r.id, r.schedule]);
    const s = startSession(['drill', '--cram', '--plain', '--bank', BANK, '--seed', '2', '-n', '2', '--topic', 'serving'], { home: h });
    let at = await answerRight(s, 0);
    at = await answerRight(s, at);
    const r = await s.exited;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the review schedule is not changed');
    const crammed = readJsonLines(progressFileOf(h)).filter((x) => x.mode === 'cram');
    expect(crammed).toHaveLength(2);
    expect(list(h).map((r2) => [r2.id, r2.schedule])).toEqual(before);
    expect(list(h).filter((r2) => r2.history.attempts > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('stats --json reports seen, accuracy, due and the weakest questions from the log', () => {
    const h = home();
    const now = Date.now();
    writeLog(h, [
      record('review-one', now - 3 * DAY, 'again'),
      record('review-one', now - 2 * DAY, 'again'),
      record('review-two', now - DAY, 'good'),
      // Now, not an hour ago: in the first hour after midnight an hour ago is yesterday, the same
      // day as the answer of a day ago, and the streak would be 3.
      record('review-four', now, 'easy'),
    ]);
    const r = runCli(['stats', '--json', '--bank', BANK], { home: h });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as {
      questions: number;
      seen: number;
      answered: number;
      correct: number;
      accuracy: number;
      streakDays: number;
      dueNow: number;
      forecast: { date: string; due: number }[];
      byTopic: { name: string; seen: number; total: number }[];
      weakest: { id: string; attempts: number; correct: number }[];
      progressFile: string;
    };
    expect(s.questions).toBe(4);
    expect(s.seen).toBe(3);
    expect(s.answered).toBe(4);
    expect(s.correct).toBe(2);
    expect(s.accuracy).toBeCloseTo(0.5);
    expect(s.streakDays).toBe(4);
    expect(s.byTopic).toEqual([
      { name: 'latency', total: 1, seen: 1, answered: 1, correct: 1, accuracy: 1, mastered: 0 },
      { name: 'serving', total: 3, seen: 2, answered: 3, correct: 1, accuracy: 1 / 3, mastered: 0 },
    ]);
    expect(s.weakest.map((w) => [w.id, w.attempts, w.correct])).toEqual([['review-one', 2, 0]]);
    expect(s.forecast).toHaveLength(7);
    expect(s.dueNow).toBe(s.forecast[0]!.due);
    expect(s.progressFile).toBe(progressFileOf(h));
  });
});

describeInTerminal('exam and undo in a real terminal', () => {
  function tmux(h: string, args: string): { name: string; screen: () => string; keys: (...k: string[]) => void; waitFor: (re: RegExp) => Promise<string> } {
    const name = startInTmux(h, args.split(' '), { width: 110, height: 50 });
    const screen = () => terminal('capture-pane', '-p', '-S', '-300', '-t', name);
    return { name, screen, keys: (...k) => keys(name, ...k), waitFor: (re) => waitForScreen(name, re, 15_000, screen) };
  }

  it('an exam shows no feedback until the end, then a report; answers go to the log as exam', async () => {
    const h = home();
    const t = tmux(h, `exam -n 3 --seed 7 --bank ${BANK} --pass 60`);
    for (let i = 1; i <= 3; i++) {
      const s = await t.waitFor(new RegExp(`Question ${i} of 3[\\s\\S]*Your answer`));
      expect(s).not.toMatch(/ h hint/);
      // Pick the option that says "Right answer" by its number.
      const block = s.slice(s.lastIndexOf(`Question ${i} of 3`));
      const options = [...block.matchAll(/^[❯ ] ([A-F])\) (.*)$/gm)];
      const right = options.findIndex((m) => m[2]!.startsWith('Right answer'));
      expect(right).toBeGreaterThanOrEqual(0);
      t.keys(String(i === 2 ? ((right + 1) % options.length) + 1 : right + 1));
    }
    const report = await t.waitFor(/EXIT=\d+/);
    expect(report).toContain('Exam report');
    expect(report).toMatch(/Score: 2 of 3 \(66\.7%\) · pass mark 60% · PASS/);
    expect(report).toContain('Missed (1)');
    expect(report).toMatch(/You answered: Wrong answer/);
    expect(report).not.toMatch(/✔ Correct\.|Not quite\./);
    expect(report).toContain('EXIT=0');
    const logged = readJsonLines(progressFileOf(h));
    expect(logged).toHaveLength(3);
    expect(logged.every((x) => x.mode === 'exam')).toBe(true);
    expect(logged.map((x) => x.result).sort()).toEqual(['correct', 'correct', 'incorrect']);
  });

  it('a drill without filters starts with a menu, 1 picks the easy questions; u takes the last grade back and the schedule forgets it', async () => {
    const h = home();
    const t = tmux(h, `--seed 3 --bank ${BANK} -n 2`);
    const menu = await t.waitFor(/What to practise\?[\s\S]*q quit/);
    expect(menu).toMatch(/❯ all difficulties \(4 new\)\n {2}easy \(1 new\)\n {2}medium \(1 new\)\n {2}hard \(2 new\)\n/);
    t.keys('1');
    const first = await t.waitFor(/Your answer/);
    // Only the one easy question is drilled.
    expect(first).toContain('Question 1 of 1');
    expect(first).toContain('Review question one');
    t.keys('1');
    await t.waitFor(/u undo grade/);
    t.keys('u');
    await t.waitFor(/That grade was taken back/);
    t.keys('q');
    const end = await t.waitFor(/EXIT=\d+/);
    expect(end).toContain('EXIT=0');
    const logged = readJsonLines(progressFileOf(h));
    expect(logged.map((x) => x.kind)).toEqual(['answer', 'undo']);
    expect(logged[1]!.undoes).toBe(logged[0]!.rid);
    const rows = list(h);
    expect(rows.every((r) => r.history.attempts === 0 && r.schedule === null)).toBe(true);
  });
});
