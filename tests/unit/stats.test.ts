import { createEmptyCard, State, type Card } from 'ts-fsrs';
import { beforeAll, describe, expect, it } from 'vitest';
import { question as build } from '../builders.js';
import { inTimeZone } from '../time-zone.js';
import type { Difficulty, Question } from '../../src/bank/question.js';
import type { AnswerRecord, Result } from '../../src/progress/record.js';
import { foldFlags, summarise } from '../../src/progress/summary.js';
import { computeStats as fromSummary } from '../../src/stats.js';

/** The figures for these answers, with these cards instead of the ones the answers make; days start at midnight unless told. */
const computeStats = (questions: readonly Question[], answers: readonly AnswerRecord[], cards: Map<string, Card>, now: Date, dayStartsAt = 0) =>
  fromSummary(questions, { ...summarise(answers), cards }, now, dayStartsAt);

function question(id: string, difficulty: Difficulty, topics: string[]): Question {
  return build({ id, difficulty, topics });
}

let counter = 0;
function answer(id: string, at: string, result: Result): AnswerRecord {
  counter++;
  return {
    v: 1,
    kind: 'answer',
    rid: `r${counter}`,
    at,
    session: 's',
    bank: '/bank',
    id,
    result,
    grade: result === 'skipped' ? null : result === 'correct' ? 'good' : 'again',
    hints: 0,
    revealed: false,
    nearMiss: false,
    seconds: 3,
    mode: 'drill',
  };
}

function card(due: string, state: State, stability: number, lapses = 0): Card {
  return { ...createEmptyCard<Card>(new Date('2024-01-01T00:00:00Z')), due: new Date(due), state, stability, lapses };
}

const QUESTIONS = [
  question('q-easy-1', 'easy', ['serving']),
  question('q-easy-2', 'easy', ['serving', 'monitoring']),
  question('q-med-1', 'medium', ['monitoring']),
  question('q-med-2', 'medium', ['cicd']),
  question('q-hard-1', 'hard', ['cicd']),
];

const ANSWERS = [
  answer('q-easy-1', '2024-03-09T08:00:00.000Z', 'correct'),
  answer('q-easy-1', '2024-03-10T08:00:00.000Z', 'correct'),
  answer('q-easy-2', '2024-03-08T20:00:00.000Z', 'incorrect'),
  answer('q-easy-2', '2024-03-09T09:00:00.000Z', 'correct'),
  answer('q-med-1', '2024-03-10T09:00:00.000Z', 'skipped'),
  answer('q-med-2', '2024-03-10T10:00:00.000Z', 'correct'),
  // Not in the bank any more: counts in no group (its day still counts for the streak: it was practice).
  answer('gone', '2024-03-05T10:00:00.000Z', 'correct'),
];

const CARDS = new Map<string, Card>([
  ['q-easy-1', card('2024-03-05T00:00:00.000Z', State.Review, 30)], // overdue, mastered
  ['q-easy-2', card('2024-03-10T18:00:00.000Z', State.Review, 5, 1)], // later today
  ['q-med-1', card('2024-03-12T01:00:00.000Z', State.Relearning, 40, 4)], // day 2, a leech, not mastered (relearning)
  ['q-med-2', card('2024-03-17T00:00:00.000Z', State.Review, 20.5)], // day 7: outside the forecast
  ['gone', card('2024-03-01T00:00:00.000Z', State.Review, 50)],
]);

const NOW = new Date('2024-03-10T12:00:00.000Z');

describe('computeStats', () => {
  inTimeZone('UTC');
  let s: ReturnType<typeof computeStats>;
  beforeAll(() => {
    s = computeStats(QUESTIONS, ANSWERS, CARDS, NOW);
  });

  it('counts the whole bank', () => {
    expect(s.questions).toBe(5);
    expect(s.seen).toBe(4);
    expect(s.answered).toBe(5);
    expect(s.correct).toBe(4);
    expect(s.accuracy).toBeCloseTo(0.8, 10);
    expect(s.mastered).toBe(1);
  });

  it('groups by difficulty, in easy-medium-hard order', () => {
    expect(s.byDifficulty).toEqual([
      { name: 'easy', total: 2, seen: 2, answered: 4, correct: 3, accuracy: 0.75, mastered: 1 },
      { name: 'medium', total: 2, seen: 2, answered: 1, correct: 1, accuracy: 1, mastered: 0 },
      { name: 'hard', total: 1, seen: 0, answered: 0, correct: 0, accuracy: null, mastered: 0 },
    ]);
  });

  it('groups by topic, sorted by name; a question counts in each of its topics', () => {
    expect(s.byTopic).toEqual([
      { name: 'cicd', total: 2, seen: 1, answered: 1, correct: 1, accuracy: 1, mastered: 0 },
      { name: 'monitoring', total: 2, seen: 2, answered: 2, correct: 1, accuracy: 0.5, mastered: 0 },
      { name: 'serving', total: 2, seen: 2, answered: 4, correct: 3, accuracy: 0.75, mastered: 1 },
    ]);
  });

  it('counts reviews due now, only for questions in the bank', () => {
    expect(s.dueNow).toBe(1);
  });

  it('counts suspended questions of the bank, and leaves them out of what is due', () => {
    const summary = { ...summarise(ANSWERS), cards: CARDS };
    summary.suspensions.set('q-easy-1', { suspended: true, at: '2024-03-10T11:00:00.000Z' });
    summary.suspensions.set('q-med-1', { suspended: false, at: '2024-03-10T11:00:00.000Z' });
    summary.suspensions.set('gone', { suspended: true, at: '2024-03-10T11:00:00.000Z' });
    const held = fromSummary(QUESTIONS, summary, NOW, 0);
    expect(held.suspended).toBe(1);
    expect(held.dueNow).toBe(0);
    expect(held.forecast.map((f) => f.due)).toEqual([1, 0, 1, 0, 0, 0, 0]);
    expect(s.suspended).toBe(0);
  });

  it('forecasts 7 days, day 0 including the overdue ones', () => {
    expect(s.forecast).toEqual([
      { date: '2024-03-10', due: 2 },
      { date: '2024-03-11', due: 0 },
      { date: '2024-03-12', due: 1 },
      { date: '2024-03-13', due: 0 },
      { date: '2024-03-14', due: 0 },
      { date: '2024-03-15', due: 0 },
      { date: '2024-03-16', due: 0 },
    ]);
  });

  it('orders the weakest questions by misses, then accuracy, and marks leeches', () => {
    // q-med-1 was only skipped: a skip is no wrong answer, so it is not among the weakest.
    expect(s.weakest).toEqual([{ id: 'q-easy-2', title: 'Title of q-easy-2', attempts: 2, answered: 2, correct: 1, lapses: 1, leech: false }]);
  });

  it('marks a leech, and counts answers apart from skips', () => {
    const answers = [...ANSWERS, answer('q-med-1', '2024-03-10T11:00:00.000Z', 'incorrect'), answer('q-med-1', '2024-03-10T11:30:00.000Z', 'incorrect')];
    expect(computeStats(QUESTIONS, answers, CARDS, NOW).weakest[0]).toEqual({
      id: 'q-med-1',
      title: 'Title of q-med-1',
      attempts: 3,
      answered: 2,
      correct: 0,
      lapses: 4,
      leech: true,
    });
  });

  it.each([
    ['today has an answer', '2024-03-10T23:59:00.000Z', 3],
    ['today has none yet, yesterday had', '2024-03-11T08:00:00.000Z', 3],
    ['neither today nor yesterday', '2024-03-12T08:00:00.000Z', 0],
    ['the streak seen from its middle', '2024-03-09T12:00:00.000Z', 2],
  ])('counts the streak when %s', (_what, now, expected) => {
    expect(computeStats(QUESTIONS, ANSWERS, CARDS, new Date(now)).streakDays).toBe(expected);
  });

  it('counts a long streak and stops at the first day without an answer', () => {
    const qs = [question('a', 'easy', ['t'])];
    const days = ['2024-02-20', ...Array.from({ length: 10 }, (_, i) => `2024-03-${String(i + 1).padStart(2, '0')}`)];
    const answers = days.map((d) => answer('a', `${d}T23:30:00.000Z`, 'correct'));
    expect(computeStats(qs, answers, new Map(), new Date('2024-03-10T00:05:00.000Z')).streakDays).toBe(10);
    expect(computeStats(qs, answers, new Map(), new Date('2024-03-11T12:00:00.000Z')).streakDays).toBe(10);
    expect(computeStats(qs, answers, new Map(), new Date('2024-02-20T12:00:00.000Z')).streakDays).toBe(1);
    expect(computeStats(qs, answers, new Map(), new Date('2024-02-22T12:00:00.000Z')).streakDays).toBe(0);
  });

  it('is empty for no answers', () => {
    const empty = computeStats(QUESTIONS, [], new Map(), NOW);
    expect(empty).toMatchObject({ questions: 5, seen: 0, answered: 0, correct: 0, accuracy: null, mastered: 0, streakDays: 0, dueNow: 0, weakest: [], days: [], flagged: { count: 0, ids: [] } });
    expect(empty.retention).toMatchObject({ reviews: 0, rate: null });
    expect(empty.forecast.map((f) => f.due)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('lists answers and right answers per day, skips apart, oldest first', () => {
    expect(s.days).toEqual([
      { date: '2024-03-05', answers: 1, correct: 1 },
      { date: '2024-03-08', answers: 1, correct: 0 },
      { date: '2024-03-09', answers: 2, correct: 2 },
      { date: '2024-03-10', answers: 2, correct: 2 },
    ]);
  });

  it('does not count a day with only a skip for the streak', () => {
    const qs = [question('a', 'easy', ['t'])];
    const answers = [answer('a', '2024-03-09T08:00:00.000Z', 'correct'), answer('a', '2024-03-10T08:00:00.000Z', 'skipped')];
    expect(computeStats(qs, answers, new Map(), NOW).streakDays).toBe(1);
    expect(computeStats(qs, [answers[1]!], new Map(), NOW).streakDays).toBe(0);
  });

  it('lists at most 5 weakest questions, ties by id', () => {
    const qs = ['f', 'e', 'd', 'c', 'b', 'a'].map((id) => question(id, 'easy', ['t']));
    const answers = qs.map((q) => answer(q.id, '2024-03-10T08:00:00.000Z', 'incorrect'));
    answers.push(answer('f', '2024-03-10T09:00:00.000Z', 'incorrect'));
    const weak = computeStats(qs, answers, new Map(), NOW).weakest;
    expect(weak.map((w) => w.id)).toEqual(['f', 'a', 'b', 'c', 'd']);
  });

  it('breaks ties by the ids\' characters, not the locale\'s collation, so every machine lists the same weakest questions', () => {
    // Collation puts 'alpha' before 'Zeta' and '_' before '-'; Danish puts 'aa' after 'b'.
    const ids = ['beta_1', 'Zeta', 'aa-x', 'beta-1', 'b-x'];
    const qs = ids.map((id) => question(id, 'easy', ['t']));
    const answers = qs.map((q) => answer(q.id, '2024-03-10T08:00:00.000Z', 'incorrect'));
    const weak = computeStats(qs, answers, new Map(), NOW).weakest;
    expect(weak.map((w) => w.id)).toEqual(['Zeta', 'aa-x', 'b-x', 'beta-1', 'beta_1']);
  });

  it('leaves out questions never missed', () => {
    const qs = [question('a', 'easy', ['t'])];
    expect(computeStats(qs, [answer('a', '2024-03-10T08:00:00.000Z', 'correct')], new Map(), NOW).weakest).toEqual([]);
  });
});

describe('days are the learner\'s local days', () => {
  inTimeZone('America/Los_Angeles');
  const qs = [question('a', 'easy', ['t'])];

  it('with the day starting at 4 a.m., an answer at 1 a.m. keeps the evening\'s streak and counts for that evening', () => {
    // 2024-03-08 21:00 and 2024-03-10 01:00 (PST) in Los Angeles: with a 4 a.m. day start, the 8th and the 9th.
    const answers = [answer('a', '2024-03-09T05:00:00.000Z', 'correct'), answer('a', '2024-03-10T09:00:00.000Z', 'correct')];
    const at2am = new Date('2024-03-10T10:00:00.000Z'); // 03:00 PDT on the 10th (clocks went forward at 2 a.m.)
    const s4 = computeStats(qs, answers, new Map(), at2am, 4);
    expect(s4.today).toBe('2024-03-09');
    expect(s4.streakDays).toBe(2);
    expect(s4.days.map((d) => d.date)).toEqual(['2024-03-08', '2024-03-09']);
    // With midnight as the boundary the same answers fall on the 8th and the 10th: no streak across the 9th.
    const s0 = computeStats(qs, answers, new Map(), at2am, 0);
    expect(s0.days.map((d) => d.date)).toEqual(['2024-03-08', '2024-03-10']);
    expect(s0.streakDays).toBe(1);
  });

  it('the forecast counts a review due before the day starts at 4 a.m. as today', () => {
    // Due 02:00 on the 10th in Los Angeles (10:00 UTC): before 4 a.m., so it is due within today, the 9th.
    const cards = new Map([['a', card('2024-03-10T10:00:00.000Z', State.Review, 5)]]);
    const f = computeStats(qs, [], cards, new Date('2024-03-09T20:00:00.000Z'), 4).forecast;
    expect(f[0]).toEqual({ date: '2024-03-09', due: 1 });
    expect(computeStats(qs, [], cards, new Date('2024-03-09T20:00:00.000Z'), 0).forecast[1]).toEqual({ date: '2024-03-10', due: 1 });
  });

  it('an evening answer in UTC−8 counts for that evening: two local days, one UTC day', () => {
    // 2024-03-08 20:00 and 2024-03-09 08:00 in Los Angeles; both on 2024-03-09 in UTC.
    const answers = [answer('a', '2024-03-09T04:00:00.000Z', 'correct'), answer('a', '2024-03-09T16:00:00.000Z', 'correct')];
    expect(computeStats(qs, answers, new Map(), new Date('2024-03-10T05:00:00.000Z')).streakDays).toBe(2);
  });

  it('the forecast counts a review due tonight, local time, as today', () => {
    // Due 2024-03-09 21:00 in Los Angeles, seen at noon there: the next UTC day, but today here.
    const cards = new Map([['a', card('2024-03-10T05:00:00.000Z', State.Review, 5)]]);
    const f = computeStats(qs, [], cards, new Date('2024-03-09T20:00:00.000Z')).forecast;
    expect(f[0]).toEqual({ date: '2024-03-09', due: 1 });
    expect(f[1]).toEqual({ date: '2024-03-10', due: 0 });
  });

  it('the forecast has seven distinct days across the change to summer time', () => {
    const f = computeStats(qs, [], new Map(), new Date('2024-03-09T20:00:00.000Z')).forecast;
    expect(f.map((d) => d.date)).toEqual(['2024-03-09', '2024-03-10', '2024-03-11', '2024-03-12', '2024-03-13', '2024-03-14', '2024-03-15']);
  });
});

describe('flagged questions', () => {
  it('counts the flagged questions of this bank only', () => {
    const flag = (id: string) => ({ v: 1, kind: 'flag' as const, rid: `f-${id}`, at: '2024-03-10T08:00:00.000Z', session: 's', bank: 'b', id, reason: 'unclear' });
    const summary = foldFlags(summarise(ANSWERS), [flag('q-med-2'), flag('q-easy-1'), flag('not-in-this-bank')]);
    expect(fromSummary(QUESTIONS, summary, NOW).flagged).toEqual({ count: 2, ids: ['q-easy-1', 'q-med-2'] });
  });
});
