import { describe, expect, it } from 'vitest';
import { drawExam, examEligible, examReport } from '../../src/exam.js';
import type { AskedQuestion } from '../../src/session.js';
import { seededRandom } from '../../src/random.js';
import type { Difficulty } from '../../src/bank/question.js';
import { answer, question } from '../builders.js';

const choice = (id: string, difficulty: Difficulty, topic: string) =>
  question({ id, difficulty, topics: [topic], type: 'choice', choices: [{ text: 'yes', correct: true }, { text: 'no', correct: false }, { text: 'maybe', correct: false }] });

/** 20 hard monitoring, 10 easy serving, 10 medium containers, plus a question an exam cannot ask. */
const BANK = [
  ...Array.from({ length: 20 }, (_, i) => choice(`mon-${i}`, 'hard', 'monitoring')),
  ...Array.from({ length: 10 }, (_, i) => choice(`srv-${i}`, 'easy', 'serving')),
  ...Array.from({ length: 10 }, (_, i) => choice(`ctr-${i}`, 'medium', 'containers')),
  question({ id: 'self-1', type: 'output', grading: 'self', answer: 'x' }),
];

describe('examEligible', () => {
  it.each([
    ['choice', { type: 'choice' as const, grading: null }, true],
    ['exact output', { type: 'output' as const, grading: 'exact' as const }, true],
    ['self-graded output', { type: 'output' as const, grading: 'self' as const }, false],
    ['open (typed under the clock, graded in the report)', { type: 'open' as const, grading: null }, true],
  ])('%s → %s', (_name, over, expected) => {
    expect(examEligible(question({ id: 'q', ...over }))).toBe(expected);
  });
});

describe('drawExam', () => {
  it('draws in proportion to difficulty and topic, only questions that grade themselves, no repeats', () => {
    const drawn = drawExam(BANK, 20, seededRandom(1));
    expect(drawn).toHaveLength(20);
    expect(new Set(drawn.map((q) => q.id)).size).toBe(20);
    expect(drawn.filter((q) => q.id.startsWith('mon-'))).toHaveLength(10);
    expect(drawn.filter((q) => q.id.startsWith('srv-'))).toHaveLength(5);
    expect(drawn.filter((q) => q.id.startsWith('ctr-'))).toHaveLength(5);
    expect(drawn.some((q) => q.id === 'self-1')).toBe(false);
  });

  it('gives the remainder to the largest shares: 7 of 40 → 3.5, 1.75, 1.75 → 4, 2, 1 or 3, 2, 2', () => {
    const drawn = drawExam(BANK, 7, seededRandom(5));
    const counts = ['mon-', 'srv-', 'ctr-'].map((p) => drawn.filter((q) => q.id.startsWith(p)).length);
    expect(counts.reduce((a, b) => a + b)).toBe(7);
    expect(counts[0]).toBeGreaterThanOrEqual(3);
    expect(counts[0]).toBeLessThanOrEqual(4);
    expect(Math.min(counts[1]!, counts[2]!)).toBeGreaterThanOrEqual(1);
  });

  it('asking for more than there are gives them all, shuffled; the same seed gives the same draw', () => {
    expect(drawExam(BANK, 100, seededRandom(2))).toHaveLength(40);
    expect(drawExam(BANK, 12, seededRandom(9)).map((q) => q.id)).toEqual(drawExam(BANK, 12, seededRandom(9)).map((q) => q.id));
    expect(drawExam(BANK, 12, seededRandom(9)).map((q) => q.id)).not.toEqual(drawExam(BANK, 12, seededRandom(10)).map((q) => q.id));
  });
});

describe('examReport', () => {
  const drawn = [choice('a', 'easy', 'serving'), choice('b', 'hard', 'monitoring'), choice('c', 'hard', 'monitoring'), choice('d', 'medium', 'serving')];
  const asked = (id: string, result: 'correct' | 'incorrect' | 'skipped', given: string | null): AskedQuestion => ({
    question: drawn.find((q) => q.id === id)!,
    record: answer(id, 0, result === 'correct' ? 'good' : result === 'skipped' ? null : 'again', 'exam', result),
    given,
    round: 1,
  });

  it('scores against the pass mark, per topic and per difficulty, and lists every miss with its right answer', () => {
    // d was never reached (time ran out): it counts as missed.
    const r = examReport(drawn, [asked('a', 'correct', 'yes'), asked('b', 'incorrect', 'no'), asked('c', 'correct', 'yes')], 70, 65_000, true);
    expect(r).toMatchObject({ total: 4, answered: 3, correct: 2, percent: 50, passMark: 70, passed: false, timeUp: true, elapsedMs: 65_000 });
    expect(r.byTopic).toEqual([
      { name: 'monitoring', correct: 1, total: 2 },
      { name: 'serving', correct: 1, total: 2 },
    ]);
    expect(r.byDifficulty).toEqual([
      { name: 'easy', correct: 1, total: 1 },
      { name: 'medium', correct: 0, total: 1 },
      { name: 'hard', correct: 1, total: 2 },
    ]);
    expect(r.missed.map((m) => [m.id, m.given, m.answer])).toEqual([
      ['b', 'no', 'yes'],
      ['d', null, 'yes'],
    ]);
  });

  it('passes exactly at the pass mark', () => {
    const r = examReport(drawn, drawn.map((q) => asked(q.id, q.id === 'd' ? 'incorrect' : 'correct', 'yes')), 75, 1000, false);
    expect(r.percent).toBe(75);
    expect(r.passed).toBe(true);
  });
});
