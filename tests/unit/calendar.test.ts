import { describe, expect, it } from 'vitest';
import { answersPerDay, calendarGrid, renderCalendar, trueRetention } from '../../src/calendar.js';
import { displayWidth } from '../../src/ui/width.js';
import { answer } from '../builders.js';

describe('answers per learning day', () => {
  it('groups answers by learning day, oldest first, counting right answers', () => {
    const totals = answersPerDay(
      [answer('a', '2026-05-10T09:00:00', 'good'), answer('b', '2026-05-10T10:00:00', 'again'), answer('a', '2026-05-09T22:00:00', 'good'), answer('c', '2026-05-11T02:00:00', 'good')],
      4,
    );
    expect(totals).toEqual([
      { date: '2026-05-09', answers: 1, correct: 1 },
      { date: '2026-05-10', answers: 3, correct: 2 },
    ]);
  });
});

describe('true retention', () => {
  it('counts only reviews of questions learned on an earlier day, within the window', () => {
    const now = new Date('2026-05-30T12:00:00');
    const answers = [
      answer('a', '2026-05-01T10:00:00', 'good'),
      answer('a', '2026-05-20T10:00:00', 'good'),
      answer('b', '2026-05-02T10:00:00', 'good'),
      answer('b', '2026-05-21T10:00:00', 'again'),
      answer('c', '2026-05-25T10:00:00', 'again'),
      answer('c', '2026-05-25T10:10:00', 'good'),
      answer('d', '2026-03-01T10:00:00', 'good'),
      answer('d', '2026-04-01T10:00:00', 'again'),
      answer('e', '2026-05-01T10:00:00', 'good'),
      answer('e', '2026-05-22T10:00:00', 'good', 'cram'),
    ];
    expect(trueRetention(answers, now, 4)).toEqual({ reviews: 2, retention: 0.5 });
  });

  it('is null with no review yet', () => {
    expect(trueRetention([answer('a', '2026-05-01T10:00:00', 'good')], new Date('2026-05-02T10:00:00'), 4)).toEqual({ reviews: 0, retention: null });
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
