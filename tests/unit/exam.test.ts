import { beforeEach, describe, expect, it } from 'vitest';
import { formatReport } from '../../src/commands/exam.js';
import { configureColor } from '../../src/ui/output.js';
import { displayWidth } from '../../src/ui/width.js';
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

describe('formatReport', () => {
  const out = question({ id: 'o', type: 'output', grading: 'exact', answer: 'stage 1 of 6: collect\nthen stage 6 feeds back into collect', explanation: '' });
  const long = question({
    id: 'c',
    type: 'choice',
    explanation: '',
    choices: [
      { text: 'a right answer long enough to need more than one line of a narrow terminal to be shown in full', correct: true },
      { text: 'no', correct: false },
    ],
  });
  const report = () =>
    formatReport(
      examReport(
        [out, long],
        [
          { question: out, record: answer('o', 0, 'again', 'exam', 'incorrect'), given: 'stage 1 of 6: collect\nthen stage 6 feeds back into stage 1', round: 1 },
          { question: long, record: answer('c', 0, 'again', 'exam', 'incorrect'), given: 'no', round: 1 },
        ],
        70,
        1000,
        true,
        long,
      ),
      40,
    );

  beforeEach(() => configureColor(false));

  it('shows the line diff of a missed output question, with expected and yours', () => {
    expect(report()).toContain('    expected  then stage 6 feeds back \n              into collect\n' + ' '.repeat(19) + '^^^^^^^\n    yours     then stage 6');
  });

  it('wraps with a hanging indent, never back to column 0, within the width; and says what the time limit cut off', () => {
    const text = report();
    expect(Math.max(...text.split('\n').map(displayWidth))).toBeLessThanOrEqual(40);
    expect(text).toMatch(/ {2}Right answer: a right answer long\n {16}enough/);
    expect(text.replace(/\n\s*/g, ' ')).toContain('Time ran out during "Title of c": the answer in progress was not counted.');
  });
});
