import { describe, expect, it } from 'vitest';
import { addDays, calendarGrid, dayTotals, monthLabels, renderCalendar, trueRetention } from '../../src/calendar.js';
import { learningDay } from '../../src/config/day.js';
import { quarterOf, summarise, type QuarterTally } from '../../src/progress/summary.js';
import { displayWidth } from '../../src/ui/width.js';
import { answer } from '../builders.js';
import { inTimeZone } from '../time-zone.js';

const totals = (answers: Parameters<typeof summarise>[0], dayStartsAt: number) => dayTotals(summarise(answers).quarters, dayStartsAt);

describe('answers per learning day, from the quarter hours of the fold', () => {
  describe('in Los Angeles (UTC−7 in May)', () => {
    inTimeZone('America/Los_Angeles');

    it('counts an answer at 1 a.m. local time for the evening before, and one at 4 a.m. for the new day', () => {
      const days = totals(
        [
          answer('a', '2026-05-10T02:30:00.000Z', 'good'), // 19:30 on the 9th
          answer('b', '2026-05-10T08:00:00.000Z', 'again'), // 01:00 on the 10th: still the 9th's learning day
          answer('c', '2026-05-10T11:00:00.000Z', 'good'), // 04:00 on the 10th: the 10th
          answer('d', '2026-05-10T11:10:00.000Z', null), // a skip: no answer
        ],
        4,
      );
      expect(days.map(({ date, answers, correct }) => ({ date, answers, correct }))).toEqual([
        { date: '2026-05-09', answers: 2, correct: 1 },
        { date: '2026-05-10', answers: 1, correct: 1 },
      ]);
    });

    it('with the day starting at midnight, the local date is the day', () => {
      const days = totals([answer('a', '2026-05-10T02:30:00.000Z', 'good'), answer('b', '2026-05-10T08:00:00.000Z', 'good')], 0);
      expect(days.map((d) => [d.date, d.answers])).toEqual([
        ['2026-05-09', 1],
        ['2026-05-10', 1],
      ]);
    });
  });

  describe('in Kolkata (UTC+5:30: half hours are exact because quarter hours are kept)', () => {
    inTimeZone('Asia/Kolkata');

    it('puts 22:29 and 22:30 UTC on either side of 4 a.m. local time', () => {
      const days = totals([answer('a', '2026-05-09T22:29:00.000Z', 'good'), answer('b', '2026-05-09T22:30:00.000Z', 'good')], 4);
      expect(days.map((d) => [d.date, d.answers])).toEqual([
        ['2026-05-09', 1],
        ['2026-05-10', 1],
      ]);
    });
  });
});

describe('the learning day of every quarter hour, across clock changes', () => {
  // Zones with summer time (LA, Lord Howe's half-hour shift, Sydney in the south), and offsets of :30 and :45.
  // Clock changes in 2026: LA 8 March and 1 November, Lord Howe (half an hour) 5 April and 4 October; Kathmandu is +5:45.
  const RANGES = [
    [Date.UTC(2026, 2, 5), Date.UTC(2026, 3, 8)],
    [Date.UTC(2026, 9, 1), Date.UTC(2026, 10, 4)],
  ];
  describe.each(['America/Los_Angeles', 'Australia/Lord_Howe', 'Asia/Kathmandu'])('%s', (tz) => {
    inTimeZone(tz);

    it.each([0, 4])('day starting at %i: each quarter hour around the clock changes lands on the learning day of its own time', (start) => {
      const quarters = new Map<string, QuarterTally>();
      for (const [from, to] of RANGES) for (let t = from!; t < to!; t += 900_000) quarters.set(quarterOf(t), { answers: 1, correct: 0, reviews: 0, recalled: 0 });
      const expected = new Map<string, number>();
      for (const key of quarters.keys()) {
        const date = learningDay(new Date(`${key}:00.000Z`), start);
        expected.set(date, (expected.get(date) ?? 0) + 1);
      }
      expect(dayTotals(quarters, start).map((d) => [d.date, d.answers])).toEqual([...expected].sort(([x], [y]) => (x < y ? -1 : 1)));
    });
  });
});

describe('true retention', () => {
  inTimeZone('UTC');
  const DAY = 86_400_000;
  const t = (day: number, hour = 10) => Date.UTC(2026, 4, 1) + day * DAY + hour * 3_600_000;

  it('counts reviews of learned questions only (not new ones, learning steps or cram) within the last 30 days', () => {
    const answers = [
      answer('a', t(0), 'good'),
      answer('a', t(0, 10.5), 'good'), // its learning steps done: a is learned
      answer('a', t(10), 'good'), // a review, recalled (40 days before "today")
      answer('a', t(45), 'again'), // a review, forgotten
      answer('a', t(45, 11), 'good'), // a relearning step: not a review
      answer('b', t(0), 'good'),
      answer('b', t(0, 10.5), 'good'),
      answer('b', t(44), 'hard'), // a review, recalled
      answer('b', t(46), 'good', 'cram'), // cram: not a review
      answer('c', t(44), 'again'), // new: not a review
      answer('c', t(44, 10.2), 'good'), // a learning step: not a review
      answer('d', t(40), 'good'), // new
      answer('d', t(41), 'good'), // still a learning step, a day later: not a review (as in Anki)
    ];
    const days = dayTotals(summarise(answers).quarters, 4);
    expect(trueRetention(days, '2026-06-20')).toEqual({ days: 30, since: '2026-05-22', reviews: 2, recalled: 1, rate: 0.5 });
    // A longer window takes in the review of day 10 too.
    expect(trueRetention(days, '2026-06-20', 60)).toMatchObject({ reviews: 3, recalled: 2 });
    // Days after "today" are not counted.
    expect(trueRetention(days, '2026-06-13', 60)).toMatchObject({ reviews: 1, recalled: 1 });
  });

  it('is null with no review yet', () => {
    expect(trueRetention(totals([answer('a', t(0), 'good')], 4), '2026-05-02')).toMatchObject({ reviews: 0, recalled: 0, rate: null });
  });
});

describe('dates', () => {
  it.each([
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-05-13', -181, '2025-11-13'],
  ])('%s plus %i days is %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });
});

describe('the calendar grid', () => {
  const totals = [
    { date: '2026-05-11', answers: 20, correct: 15 },
    { date: '2026-05-12', answers: 5, correct: 5 },
  ];

  it('ends at the week holding today, Monday on top, days after today left blank', () => {
    // 2026-05-13 is a Wednesday.
    const cells = calendarGrid(totals, '2026-05-13', 80);
    expect(cells).toHaveLength(7);
    expect(cells[0]!).toHaveLength(26);
    const lastWeek = cells.map((row) => row[row.length - 1]!);
    expect(lastWeek.map((c) => c.date)).toEqual(['2026-05-11', '2026-05-12', '2026-05-13', '2026-05-14', '2026-05-15', '2026-05-16', '2026-05-17']);
    expect(lastWeek.map((c) => c.level)).toEqual([4, 1, 0, 0, 0, 0, 0]);
    expect(lastWeek.map((c) => c.future)).toEqual([false, false, false, true, true, true, true]);
  });

  it.each([40, 60, 80, 200])('fits %i columns', (width) => {
    const lines = renderCalendar(calendarGrid(totals, '2026-05-13', width));
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    expect(lines[0]).toMatch(/^Mon /);
  });

  it('shades by level with plain characters', () => {
    const lines = renderCalendar(calendarGrid(totals, '2026-05-13', 12));
    expect(lines[0]).toBe('Mon · · · █');
    expect(lines[1]).toBe('    · · · ░');
    expect(lines[3]).toBe('    · · ·');
  });
});

describe('month labels', () => {
  it('names each month over its first week column, where there is room', () => {
    const cells = calendarGrid([], '2026-05-13', 80);
    const line = monthLabels(cells);
    // 26 weeks ending the week of 2026-05-11 start on Monday 2025-11-17.
    expect(cells[0]![0]!.date).toBe('2025-11-17');
    expect(line).toMatch(/^ {4}Nov Dec {7}Jan /);
    expect(line.indexOf('May')).toBe(4 + 2 * cells[0]!.findIndex((c) => c.date.startsWith('2026-05')));
    expect(displayWidth(line)).toBeLessThanOrEqual(4 + 2 * 26 - 1);
    // No name runs past the last column.
    for (const width of [40, 41, 42, 43, 44, 45, 60]) {
      const grid = calendarGrid([], '2026-05-13', width);
      expect(displayWidth(monthLabels(grid)), `width ${width}`).toBeLessThanOrEqual(displayWidth(renderCalendar(grid)[0]!));
    }
  });
});
