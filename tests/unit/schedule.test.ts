import { createEmptyCard, fsrs, Rating, State, type Card, type Grade as FsrsGrade } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { answer } from '../builders.js';
import { readLogText } from '../../src/progress/log-read.js';
import { effectiveAnswers, serialise, type Grade, type Mode } from '../../src/progress/record.js';
import { isDue, isMastered, MASTERED_DAYS, orderForDrill, STATE, viewCard } from '../../src/schedule.js';
import { replay } from '../../src/progress/summary.js';

const T0 = Date.parse('2024-03-01T09:00:00.000Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;


const RATING: Record<Grade, FsrsGrade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

/** The card ts-fsrs itself gives for graded reviews at the given times: the reference for replay. */
function reference(steps: [number, Grade][]): Card {
  const f = fsrs({ enable_fuzz: false });
  let card = createEmptyCard<Card>(new Date(steps[0]![0]));
  for (const [at, grade] of steps) card = f.next(card, new Date(at), RATING[grade]).card;
  return card;
}

describe('replay', () => {
  it('gives no card for a question never graded', () => {
    expect(replay([]).size).toBe(0);
  });

  it.each<[string, [number, Grade, Mode?][], { state: State; reps: number; lapses: number }]>([
    ['one good', [[0, 'good']], { state: State.Learning, reps: 1, lapses: 0 }],
    ['one again', [[0, 'again']], { state: State.Learning, reps: 1, lapses: 0 }],
    ['one easy goes straight to review', [[0, 'easy']], { state: State.Review, reps: 1, lapses: 0 }],
    ['easy then again a week later is a lapse', [[0, 'easy'], [7 * DAY, 'again']], { state: State.Relearning, reps: 2, lapses: 1 }],
    ['again while still learning is no lapse', [[0, 'good'], [10 * 60_000, 'again']], { state: State.Learning, reps: 2, lapses: 0 }],
    ['two lapses', [[0, 'easy'], [7 * DAY, 'again'], [8 * DAY, 'good'], [20 * DAY, 'again']], { state: State.Relearning, reps: 4, lapses: 2 }],
    ['cram answers do not count', [[0, 'easy'], [DAY, 'again', 'cram'], [2 * DAY, 'again', 'cram']], { state: State.Review, reps: 1, lapses: 0 }],
    ['exam and review answers count', [[0, 'easy', 'exam'], [7 * DAY, 'again', 'review']], { state: State.Relearning, reps: 2, lapses: 1 }],
  ])('%s', (_what, steps, expected) => {
    const answers = steps.map(([dt, grade, mode]) => answer('q', T0 + dt, grade, mode));
    const card = replay(answers).get('q')!;
    expect({ state: card.state, reps: card.reps, lapses: card.lapses }).toEqual(expected);
    // The schedule itself is ts-fsrs's, for the answers that count.
    const counted = steps.filter(([, , mode]) => mode !== 'cram').map(([dt, grade]) => [T0 + dt, grade] as [number, Grade]);
    const ref = reference(counted);
    expect(card.due.toISOString()).toBe(ref.due.toISOString());
    expect(card.stability).toBe(ref.stability);
    expect(card.difficulty).toBe(ref.difficulty);
  });

  it('ignores answers without a grade (skipped before trying)', () => {
    expect(replay([answer('q', T0, null)]).has('q')).toBe(false);
    const withSkip = replay([answer('q', T0, 'good'), answer('q', T0 + HOUR, null), answer('q', T0 + DAY, 'good')]).get('q')!;
    const without = replay([answer('q', T0, 'good'), answer('q', T0 + DAY, 'good')]).get('q')!;
    expect(withSkip).toEqual(without);
    expect(withSkip.reps).toBe(2);
  });

  it('gives no card for a question only crammed', () => {
    expect(replay([answer('q', T0, 'good', 'cram')]).has('q')).toBe(false);
  });

  it('replays in time order whatever the log order', () => {
    const a = answer('q', T0, 'easy');
    const b = answer('q', T0 + 7 * DAY, 'again');
    const c = answer('q', T0 + 9 * DAY, 'good');
    const sorted = replay([a, b, c]).get('q')!;
    const shuffled = replay([c, a, b]).get('q')!;
    expect(shuffled).toEqual(sorted);
    expect(sorted.lapses).toBe(1);
  });

  it('keeps log order for answers with the same time', () => {
    const first = replay([answer('q', T0, 'again'), answer('q', T0, 'easy')]).get('q')!;
    const ref = reference([[T0, 'again'], [T0, 'easy']]);
    expect(first.state).toBe(ref.state);
    expect(first.due.toISOString()).toBe(ref.due.toISOString());
    const other = replay([answer('q', T0, 'easy'), answer('q', T0, 'again')]).get('q')!;
    expect(other.due.toISOString()).toBe(reference([[T0, 'easy'], [T0, 'again']]).due.toISOString());
  });

  it('keeps questions apart', () => {
    const cards = replay([answer('a', T0, 'easy'), answer('b', T0, 'again'), answer('a', T0 + 7 * DAY, 'again')]);
    expect([...cards.keys()].sort()).toEqual(['a', 'b']);
    expect(cards.get('a')!.lapses).toBe(1);
    expect(cards.get('b')!.reps).toBe(1);
  });

  it('is deterministic: the same answers twice give the same dues', () => {
    const answers = [
      answer('a', T0, 'good'),
      answer('a', T0 + 20 * 60_000, 'good'),
      answer('b', T0 + HOUR, 'hard'),
      answer('a', T0 + 3 * DAY, 'good'),
      answer('b', T0 + 4 * DAY, 'again'),
    ];
    const dues = (m: Map<string, Card>) => [...m].map(([id, c]) => [id, c.due.toISOString(), c.stability]);
    expect(dues(replay(answers))).toEqual(dues(replay(answers)));
    expect(dues(replay(answers.map((a) => ({ ...a }))))).toEqual(dues(replay(answers)));
  });

  it('gives the same schedule after the log round-trips through JSON text', () => {
    const answers = [answer('a', T0 + 123, 'good'), answer('a', T0 + 2 * DAY + 456, 'easy'), answer('b', T0 + 5 * HOUR, 'again')];
    const text = answers.map(serialise).join('');
    const back = effectiveAnswers(readLogText(text).records);
    expect(back).toEqual(answers);
    const view = (m: Map<string, Card>) => [...m].map(([id, c]) => [id, viewCard(c)]);
    expect(view(replay(back))).toEqual(view(replay(answers)));
  });
});

describe('viewCard', () => {
  it('is null for no card', () => {
    expect(viewCard(undefined)).toBeNull();
  });

  it('names the state and rounds stability and difficulty to 3 decimals', () => {
    const card: Card = {
      ...createEmptyCard<Card>(new Date(T0)),
      due: new Date(T0 + DAY),
      stability: 3.14159,
      difficulty: 5.55555,
      state: State.Relearning,
      reps: 4,
      lapses: 2,
      last_review: new Date(T0),
    };
    expect(viewCard(card)).toEqual({
      due: '2024-03-02T09:00:00.000Z',
      state: 'relearning',
      stability: 3.142,
      difficulty: 5.556,
      reps: 4,
      lapses: 2,
      lastReview: '2024-03-01T09:00:00.000Z',
    });
  });

  it('shows lastReview null for a card never reviewed', () => {
    expect(viewCard(createEmptyCard<Card>(new Date(T0)))).toMatchObject({ state: 'new', reps: 0, lastReview: null });
  });
});

function card(dueMs: number, over: Partial<Card> = {}): Card {
  return { ...createEmptyCard<Card>(new Date(T0)), due: new Date(dueMs), state: State.Review, ...over };
}

describe('isDue / isMastered', () => {
  it.each([
    ['no card', undefined, false],
    ['due in the past', card(T0 - 1), true],
    ['due exactly now', card(T0), true],
    ['due in the future', card(T0 + 1), false],
  ])('isDue: %s', (_what, c, expected) => {
    expect(isDue(c, new Date(T0))).toBe(expected);
  });

  it.each([
    ['no card', undefined, false],
    ['review, stability 21', card(T0, { stability: MASTERED_DAYS }), true],
    ['review, stability 100', card(T0, { stability: 100 }), true],
    ['review, stability 20.99', card(T0, { stability: 20.99 }), false],
    ['relearning, stability 30', card(T0, { stability: 30, state: State.Relearning }), false],
    ['learning, stability 30', card(T0, { stability: 30, state: State.Learning }), false],
  ])('isMastered: %s', (_what, c, expected) => {
    expect(isMastered(c)).toBe(expected);
  });
});

describe('orderForDrill', () => {
  const now = new Date(T0);
  const q = (id: string) => ({ id });

  it('puts due questions first (most overdue first), then new ones in the given order, and keeps later ones apart', () => {
    const questions = ['later-2d', 'new-1', 'due-1d', 'due-now', 'new-2', 'due-3d', 'later-2h'].map(q);
    const cards = new Map<string, Card>([
      ['due-1d', card(T0 - DAY)],
      ['due-3d', card(T0 - 3 * DAY)],
      ['due-now', card(T0)],
      ['later-2d', card(T0 + 2 * DAY)],
      ['later-2h', card(T0 + 2 * HOUR)],
    ]);
    const order = orderForDrill(questions, cards, now);
    expect(order.due.map((x) => x.id)).toEqual(['due-3d', 'due-1d', 'due-now']);
    expect(order.fresh.map((x) => x.id)).toEqual(['new-1', 'new-2']);
    expect(order.later.map((x) => x.id)).toEqual(['later-2h', 'later-2d']);
  });

  it('ignores cards of questions not asked for', () => {
    const cards = new Map<string, Card>([['other', card(T0 - DAY)]]);
    expect(orderForDrill([q('a')], cards, now)).toEqual({ due: [], fresh: [q('a')], later: [] });
  });

  it('orders cards from a real replay', () => {
    const answers = [answer('early', T0 - 10 * DAY, 'good'), answer('late', T0 - 2 * DAY, 'good'), answer('easy', T0 - HOUR, 'easy')];
    const order = orderForDrill([q('easy'), q('late'), q('early'), q('fresh')], replay(answers), now);
    // 'good' on a new card is due within minutes, so both are due; the older is more overdue.
    expect(order.due.map((x) => x.id)).toEqual(['early', 'late']);
    expect(order.fresh.map((x) => x.id)).toEqual(['fresh']);
    expect(order.later.map((x) => x.id)).toEqual(['easy']);
  });
});

describe('STATE', () => {
  it('matches ts-fsrs State, so the schedule module can run without loading the scheduler', async () => {
    const { State } = await import('ts-fsrs');
    expect(STATE).toEqual({ New: State.New, Learning: State.Learning, Review: State.Review, Relearning: State.Relearning });
  });
});
