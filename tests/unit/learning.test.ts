import { describe, expect, it } from 'vitest';
import { dueOutlook, whenText } from '../../src/learning.js';
import { fsrsSchedule } from '../../src/learning-fsrs.js';
import { summarise } from '../../src/progress/summary.js';
import type { Grade } from '../../src/progress/record.js';
import { answer } from '../builders.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = new Date(2026, 5, 10, 12, 0, 0);
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe('whenText', () => {
  it.each([
    [30_000, 'in under a minute'],
    [MIN, 'in 1 min'],
    [10 * MIN, 'in 10 min'],
    [3 * HOUR, 'in 3 h'],
    [DAY, 'tomorrow'],
    [4 * DAY, 'in 4 days'],
  ])('%d ms → %s', (ms, text) => {
    expect(whenText(at(ms), NOW)).toBe(text);
  });
});

describe('dueOutlook', () => {
  it('counts what is due within the hour (overdue too), by the end of tomorrow, and within the week', () => {
    const dues = [at(-DAY), at(10 * MIN), at(2 * HOUR), at(30 * HOUR), at(3 * DAY), at(8 * DAY)];
    expect(dueOutlook(dues, NOW)).toEqual({ soon: 2, tomorrow: 2, week: 1 });
  });
});

describe('fsrsSchedule', () => {
  const grades: Grade[] = ['again', 'good', 'hard', 'good'];
  it('gives the same due dates as replaying the log', () => {
    const schedule = fsrsSchedule(new Map(), 'drill');
    let last: Date | null = null;
    grades.forEach((g, i) => (last = schedule.answer('q', g, at(i * 11 * MIN))));
    const replayed = summarise(grades.map((g, i) => answer('q', at(i * 11 * MIN).toISOString(), g))).cards.get('q')!;
    expect(last).toEqual(replayed.due);
  });

  it('a miss on a new question comes back within minutes (a learning step); cram changes nothing', () => {
    const due = fsrsSchedule(new Map(), 'drill').answer('q', 'again', NOW)!;
    expect(due.getTime() - NOW.getTime()).toBeLessThanOrEqual(10 * MIN);
    expect(fsrsSchedule(new Map(), 'cram').answer('q', 'again', NOW)).toBeNull();
  });

  it('undo puts the card back as it was', () => {
    const schedule = fsrsSchedule(new Map(), 'drill');
    schedule.answer('q', 'good', NOW);
    const before = schedule.dueDates();
    schedule.answer('q', 'again', at(HOUR));
    schedule.undo('q');
    expect(schedule.dueDates()).toEqual(before);
    schedule.undo('q');
    expect(schedule.dueDates()).toEqual([]);
  });

  it('counts lapses as the replay does: a learned question forgotten is a lapse, undo takes it back', () => {
    const log = [answer('q', at(0).toISOString(), 'easy'), answer('q', at(30 * DAY).toISOString(), 'again')];
    const learned = summarise(log.slice(0, 1)).cards;
    const schedule = fsrsSchedule(learned, 'drill');
    expect(schedule.lapses?.('q')).toBe(0);
    schedule.answer('q', 'again', at(30 * DAY));
    expect(schedule.lapses?.('q')).toBe(summarise(log).cards.get('q')!.lapses);
    expect(schedule.lapses?.('q')).toBe(1);
    schedule.undo('q');
    expect(schedule.lapses?.('q')).toBe(0);
    expect(schedule.lapses?.('never-seen')).toBe(0);
    // A question suspended in the session is left out of what comes due next.
    expect(schedule.dueDates()).toHaveLength(1);
    expect(schedule.dueDates(new Set(['q']))).toEqual([]);
  });
});
