/**
 * The learner's history as `stats` and `list --flagged` show it, from the built binary with a
 * temporary HOME and a generated log: learning days in a time zone, the calendar at 80 and
 * 40 columns, true retention, flags, and the checkpoint that keeps a long log fast.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { displayWidth } from '../../src/ui/width.js';
import { ESC, MINI_BANK, countOf, expectNoStackTrace, home, letterOf, progressFileOf } from './support.js';
import { describeInTerminal, history, startInTmux, tmux, waitForScreen } from './tmux.js';

const IDS = ['mini-choice', 'mini-output', 'mini-open'];
const DAY = 86_400_000;
let rid = 0;

function answerLine(id: string, t: number, grade: 'again' | 'good' | null = 'good', mode = 'drill'): string {
  const result = grade === null ? 'skipped' : grade === 'again' ? 'incorrect' : 'correct';
  return JSON.stringify({ v: 1, kind: 'answer', rid: `a-${++rid}`, at: new Date(t).toISOString(), session: 'gen', bank: 'mini', id, result, grade, hints: 0, revealed: false, nearMiss: false, seconds: 4, mode });
}

function flagLine(id: string, t: number, reason: string, r = `f-${++rid}`): string {
  return JSON.stringify({ v: 1, kind: 'flag', rid: r, at: new Date(t).toISOString(), session: 'gen', bank: 'mini', id, reason });
}

function writeLog(h: string, lines: string[], end = '\n'): string {
  const file = progressFileOf(h);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, lines.join('\n') + end);
  return file;
}

interface StatsJson {
  answered: number;
  correct: number;
  streakDays: number;
  today: string;
  days: { date: string; answers: number; correct: number }[];
  retention: { days: number; since: string; reviews: number; recalled: number; rate: number | null };
  flagged: { count: number; ids: string[] };
}

function stats(h: string, env: NodeJS.ProcessEnv = {}): StatsJson & { stderr: string } {
  const r = runCli(['--bank', MINI_BANK, 'stats', '--json'], { home: h, env });
  expectNoStackTrace(r);
  expect(r.code, r.stderr).toBe(0);
  return { ...(JSON.parse(r.stdout) as StatsJson), stderr: r.stderr };
}

/** Figures to compare between homes: all but where the log is and what was said on stderr. */
const figures = (s: StatsJson & { stderr: string }) => ({ ...s, progressFile: null, stderr: null });

const checkpointOf = (h: string) => path.join(path.dirname(progressFileOf(h)), 'replay-cache.json');

function settings(h: string, values: Record<string, unknown>): NodeJS.ProcessEnv {
  const file = path.join(h, 'settings.json');
  fs.writeFileSync(file, JSON.stringify(values));
  return { MLOPS_DRILL_CONFIG: file };
}

describe('stats --json counts learning days in the learner\'s time zone', () => {
  // 22:29 and 22:30 UTC on 2026-05-09: 03:59 and 04:00 on the 10th in Kolkata (UTC+5:30),
  // 15:29 and 15:30 on the 9th in Los Angeles (UTC−7); then 06:00 UTC on the 10th (23:00 on the 9th
  // in Los Angeles) and 10:30 UTC (03:30 on the 10th there: before a 4 a.m. day start).
  const times = [Date.UTC(2026, 4, 9, 22, 29), Date.UTC(2026, 4, 9, 22, 30), Date.UTC(2026, 4, 10, 6, 0), Date.UTC(2026, 4, 10, 10, 30)];
  const log = (h: string) =>
    writeLog(h, [answerLine('mini-choice', times[0]!), answerLine('mini-output', times[1]!, 'again'), answerLine('mini-open', times[2]!), answerLine('mini-choice', times[3]!)]);

  it.each([
    ['Asia/Kolkata', 4, [['2026-05-09', 1, 1], ['2026-05-10', 3, 2]]],
    ['America/Los_Angeles', 4, [['2026-05-09', 4, 3]]],
    ['America/Los_Angeles', 0, [['2026-05-09', 3, 2], ['2026-05-10', 1, 1]]],
  ] as [string, number, [string, number, number][]][])('in %s with the day starting at %i', (tz, start, expected) => {
    const h = home();
    log(h);
    const s = stats(h, { TZ: tz, ...settings(h, { 'day-starts-at': start }) });
    expect(s.days.map((d) => [d.date, d.answers, d.correct])).toEqual(expected);
  });
});

describe('stats of a long history', () => {
  /** 2,100 answers over the last 120 days, flags, and a skip: enough for a checkpoint. */
  function generated(): string[] {
    const now = Date.now();
    const lines: string[] = [];
    for (let i = 0; i < 2_100; i++) {
      const t = now - 120 * DAY + i * 80 * 60_000;
      lines.push(answerLine(IDS[i % 3]!, t, i % 7 === 3 ? 'again' : 'good'));
      if (i === 100) lines.push(flagLine('mini-output', t + 1000, 'the output block misses a line'));
      if (i === 200) lines.push(flagLine('mini-output', t + 1000, 'the expected output misses a trailing line'));
      if (i === 300) lines.push(flagLine('mini-open', t + 1000, 'unclear what is asked'));
    }
    lines.push(answerLine('mini-choice', now - 3_600_000, null));
    return lines;
  }

  it('is the same from the checkpoint as from the whole log, with days, retention and flags', () => {
    const { h, truth: first } = copyOfBase();
    expect(first.stderr).toBe('');
    const cp = JSON.parse(fs.readFileSync(checkpointOf(h), 'utf8')) as { v: number; summary: { quarters: unknown[]; flags: unknown[] } };
    expect(cp.v).toBe(4);
    expect(cp.summary.flags).toHaveLength(2);
    const again = stats(h);
    expect(figures(again)).toEqual(figures(first));
    expect(first.answered).toBe(2_100);
    expect(first.days.reduce((n, d) => n + d.answers, 0)).toBe(2_100);
    expect(first.days.reduce((n, d) => n + d.correct, 0)).toBe(first.correct);
    expect(first.flagged).toEqual({ count: 2, ids: ['mini-output', 'mini-open'].sort() });
    expect(first.retention.reviews).toBeGreaterThan(0);
    expect(first.retention.recalled).toBeLessThan(first.retention.reviews);
    expect(first.retention.rate).toBeCloseTo(first.retention.recalled / first.retention.reviews, 10);
    // The skip of today is no answer: today is not in the days unless an answer is.
    expect(first.days.every((d) => d.answers > 0)).toBe(true);
  });

  it('a flag, or an undo of a later answer, on an unfinished last line after the checkpoint is folded in without losing the rest', () => {
    const { h, truth } = copyOfBase();
    const file = progressFileOf(h);
    // A flag on a last line with no newline yet.
    fs.appendFileSync(file, flagLine('mini-choice', Date.now() - 1000, 'typo'));
    expect(stats(h).flagged.count).toBe(3);
    // An answer, then an undo of it on the unfinished last line: the checkpoint's answers all still count.
    fs.appendFileSync(file, '\n' + answerLine('mini-choice', Date.now() - 500) + '\n');
    fs.appendFileSync(file, JSON.stringify({ v: 1, kind: 'undo', rid: 'u-last', at: new Date(Date.now() - 100).toISOString(), session: 'gen', undoes: `a-${rid}` }));
    const s = stats(h);
    expect(s.answered).toBe(truth.answered);
    expect(s.flagged.count).toBe(3);
  });

  it('a flag taken back by an undo is not counted', () => {
    const h = home();
    writeLog(h, [answerLine('mini-choice', Date.now() - 60_000), flagLine('mini-choice', Date.now() - 50_000, 'oops', 'flag-x'), JSON.stringify({ v: 1, kind: 'undo', rid: 'u-1', at: new Date(Date.now() - 40_000).toISOString(), session: 'gen', undoes: 'flag-x' })]);
    expect(stats(h).flagged.count).toBe(0);
  });

  /** One checkpointed home and its figures, copied for each case that damages the checkpoint. */
  let base: { h: string; truth: StatsJson & { stderr: string } } | null = null;
  function copyOfBase(): { h: string; truth: StatsJson & { stderr: string }; cp: Record<string, any> } {
    if (!base) {
      const h = home();
      writeLog(h, generated());
      base = { h, truth: stats(h) };
    }
    const h = home();
    fs.cpSync(path.join(base.h, '.mlops-drill'), path.join(h, '.mlops-drill'), { recursive: true });
    return { h, truth: base.truth, cp: JSON.parse(fs.readFileSync(checkpointOf(h), 'utf8')) as Record<string, any> };
  }

  it('an old checkpoint (format 3, practised quarter hours only) is rebuilt without a word, and the figures are the log\'s', () => {
    const { h, truth, cp } = copyOfBase();
    // What version 3 wrote: a set of quarter hours, no counts, no flags.
    cp.v = 3;
    cp.summary.days = (cp.summary.quarters as [string][]).map((q) => q[0]);
    delete cp.summary.quarters;
    delete cp.summary.flags;
    fs.writeFileSync(checkpointOf(h), JSON.stringify(cp));
    const s = stats(h);
    expect(s.stderr).toBe('');
    expect(figures(s)).toEqual(figures(truth));
    expect((JSON.parse(fs.readFileSync(checkpointOf(h), 'utf8')) as { v: number }).v).toBe(4);
  });

  it.each<[string, (cp: Record<string, any>) => void]>([
    ['quarter-hour counts that do not add up', (cp) => (cp.summary.quarters[0][1] += 5)],
    ['a flag with no reason', (cp) => delete cp.summary.flags[0][1].reason],
  ])('a checkpoint with %s is ignored with one notice and rebuilt; the figures are the log\'s', (_what, craft) => {
    const { h, truth, cp } = copyOfBase();
    craft(cp);
    fs.writeFileSync(checkpointOf(h), JSON.stringify(cp));
    const s = stats(h);
    expect(countOf(s.stderr, /not a valid checkpoint/g)).toBe(1);
    expect(figures(s)).toEqual(figures(truth));
    // Rebuilt: the checkpoint is again the one the log gives.
    expect(fs.readFileSync(checkpointOf(h), 'utf8')).toBe(fs.readFileSync(checkpointOf(base!.h), 'utf8'));
  });
});

describe('list --flagged', () => {
  it('lists only flagged questions, each with the latest reason; list --json carries the flag', () => {
    const h = home();
    const now = Date.now();
    writeLog(h, [
      answerLine('mini-output', now - 3 * 60_000),
      flagLine('mini-output', now - 2 * 60_000, 'first thought'),
      flagLine('mini-output', now - 60_000, 'the answer misses \u001b[31ma line'),
    ]);
    const r = runCli(['--bank', MINI_BANK, 'list', '--flagged'], { home: h });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mini-output');
    expect(r.stdout).not.toContain('mini-choice');
    expect(r.stdout).toMatch(/^ {4}flagged: the answer misses a line$/m);
    expect(r.stdout).not.toContain(ESC);
    const json = JSON.parse(runCli(['--bank', MINI_BANK, 'list', '--json'], { home: h }).stdout) as { id: string; flag: { reason: string; at: string } | null }[];
    expect(json.find((q) => q.id === 'mini-output')!.flag).toEqual({ reason: 'the answer misses \u001b[31ma line', at: new Date(now - 60_000).toISOString() });
    expect(json.find((q) => q.id === 'mini-choice')!.flag).toBeNull();
    const flaggedJson = JSON.parse(runCli(['--bank', MINI_BANK, 'list', '--flagged', '--json'], { home: h }).stdout) as { id: string }[];
    expect(flaggedJson.map((q) => q.id)).toEqual(['mini-output']);
  });

  it('says how to flag when nothing is flagged', () => {
    const h = home();
    const r = runCli(['--bank', MINI_BANK, 'list', '--flagged'], { home: h });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('No flagged questions. To flag one, press f after answering it in the drill.');
  });
});

describe('stats on screen', () => {
  it('a new learner sees no streak and an empty calendar note; a learner with answers sees the calendar in characters under NO_COLOR', () => {
    const h = home();
    const empty = runCli(['--bank', MINI_BANK, 'stats'], { home: h });
    expect(empty.stdout).not.toContain('streak');
    expect(empty.stdout).toContain('no answers yet');
    const now = Date.now();
    writeLog(h, [answerLine('mini-choice', now - 2 * DAY), answerLine('mini-choice', now - 60_000, null), flagLine('mini-open', now - 1000, 'unclear')]);
    const r = runCli(['--bank', MINI_BANK, 'stats'], { home: h, env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/^Calendar, last 26 weeks$/m);
    expect(r.stdout).toMatch(/^ {2}Mon [ ·░▒▓█]+$/m);
    expect(r.stdout).toContain('less · ░ ▒ ▓ █ more');
    expect(r.stdout).toContain('1 question flagged: mlops-drill list --flagged');
    expect(r.stdout).not.toContain(ESC);
    // Never missed (a skip is no miss): no weakest questions, so no "0/1 right" either.
    expect(r.stdout).not.toContain('Weakest');
  });
});

describeInTerminal('stats fits the terminal (tmux)', () => {
  it.each([80, 40])('at %i columns no line of stats, stats --plain or list --flagged is wider than the pane; colour only without --plain', async (width) => {
    const h = home();
    const now = Date.now();
    const lines: string[] = [];
    for (let d = 200; d >= 0; d--) for (let k = 0; k < d % 5; k++) lines.push(answerLine(IDS[k % 3]!, now - d * DAY - k * 600_000, k % 4 === 3 ? 'again' : 'good'));
    lines.push(flagLine('mini-output', now - 1000, 'a reason long enough to be shortened at forty columns, and at eighty columns it is shortened too'));
    writeLog(h, lines);
    for (const args of [['stats'], ['stats', '--plain'], ['list', '--flagged']]) {
      const name = startInTmux(h, ['--bank', MINI_BANK, ...args], { width, height: 80 });
      const seen = await waitForScreen(name, /EXIT=\d+/, 10_000, history);
      expect(seen).toContain('EXIT=0');
      const wide = seen.split('\n').map((l) => l.trimEnd()).filter((l) => displayWidth(l) > width);
      expect(wide, `${args.join(' ')} at ${width}`).toEqual([]);
      if (args[0] === 'stats') {
        expect(seen).toMatch(new RegExp(`Calendar, last ${width === 80 ? 26 : 17} weeks`));
        expect(seen).toContain('true retention, last 30 days:');
        // A captured pane holds no colour; the squares say colour was used, the shade characters that it was not.
        if (args[1] === '--plain') expect(seen).toMatch(/less · ░ ▒ ▓ █ more/);
        else expect(seen).toMatch(/less ■ ■ ■ ■ ■ more/);
      }
    }
  });
});

describeInTerminal('a flag from the drill reaches list --flagged and stats (tmux)', () => {
  it('f after an answer, one line of reason: listed with that reason, and counted', async () => {
    const h = home();
    const name = startInTmux(h, ['--bank', MINI_BANK, '--type', 'choice'], { width: 80, height: 30 });
    const first = await waitForScreen(name, /a-c 1-3 pick/);
    tmux('send-keys', '-t', name, letterOf(first.slice(first.lastIndexOf('Question 1 of 1')), '8080').toLowerCase());
    await waitForScreen(name, /Score so far: 1 of 1[\s\S]*f flag/);
    tmux('send-keys', '-t', name, 'f');
    await waitForScreen(name, /What is wrong with this question\?/);
    tmux('send-keys', '-t', name, '-l', 'the port differs in the docs');
    tmux('send-keys', '-t', name, 'Enter');
    await waitForScreen(name, /Flagged: saved in your progress log/);
    tmux('send-keys', '-t', name, 'Enter');
    expect(await waitForScreen(name, /EXIT=\d+/)).toContain('EXIT=0');
    const listed = runCli(['--bank', MINI_BANK, 'list', '--flagged'], { home: h });
    expect(listed.stdout).toMatch(/mini-choice[\s\S]*\n {4}flagged: the port differs in the docs\n/);
    expect(stats(h).flagged).toEqual({ count: 1, ids: ['mini-choice'] });
  });
});
