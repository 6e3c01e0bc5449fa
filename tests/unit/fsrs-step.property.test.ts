import { createEmptyCard, fsrs, type Card, type Grade as FsrsGrade } from 'ts-fsrs';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answer } from '../builders.js';
import { nextCard, stepParameters } from '../../src/progress/fsrs-step.js';
import type { Grade } from '../../src/progress/record.js';
import { emptySummary, fold, inTimeOrder, summarise, summaryFromJson, summaryToJson } from '../../src/progress/summary.js';
import { useSchedulerSettings } from '../../src/scheduler-settings.js';

/**
 * Property: the hand-written FSRS step gives, after every answer of any history, exactly the
 * card ts-fsrs gives with the same settings (every field, bit for bit), and fails where and
 * how ts-fsrs fails.
 */

const T0 = Date.UTC(2020, 0, 1);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** The range of each FSRS-6 weight that ts-fsrs clips to, widened a little so that clipping is exercised too. */
const W_BOUNDS: [number, number][] = [
  [0.001, 100], [0.001, 100], [0.001, 100], [0.001, 100], [1, 10], [0.001, 4], [0.001, 4], [0.001, 0.75], [0, 4.5], [0, 0.8], [0.001, 3.5],
  [0.001, 5], [0.001, 0.25], [0.001, 0.9], [0, 4], [0, 1], [1, 6], [0, 2], [0, 2], [0.01, 0.8], [0.1, 0.8],
];
const weight = ([lo, hi]: [number, number]) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: lo, max: hi, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(lo, hi, lo - 0.5, hi + 1, 0) },
  );
const weights = fc.option(fc.tuple(...W_BOUNDS.map(weight)), { nil: undefined, freq: 3 });
const retention = fc.double({ min: 0.7, max: 0.97, noNaN: true });

/** Time from the answer before: none, the same millisecond, minutes, hours, days, years; negative is an answer dated before the last review, which the fold clamps to it. */
const gap = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 999 }),
  fc.integer({ min: 0, max: 30 * MIN }),
  fc.integer({ min: 0, max: 2 * DAY }),
  fc.integer({ min: 0, max: 400 * DAY }),
  fc.integer({ min: 0, max: 30 * 365 * DAY }),
  fc.integer({ min: -3 * DAY, max: -1 }),
);
const grade = fc.constantFrom<FsrsGrade>(1, 2, 3, 4);
const history = fc.array(fc.tuple(gap, grade), { minLength: 1, maxLength: 80 });
const start = fc.integer({ min: T0, max: T0 + 3 * 365 * DAY });

function outcome(f: () => Card): Card | { threw: string } {
  try {
    return f();
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

describe('the hand-written FSRS step', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    useSchedulerSettings({ requestRetention: 0.9, weights: null });
  });

  it('schedules a whole log as ts-fsrs does, answer by answer in time order (the fold)', () => {
    const GRADES: (Grade | null)[] = ['again', 'hard', 'good', 'easy', null];
    const entry = fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 2 * 365 * DAY }), fc.constantFrom(...GRADES), fc.constantFrom('drill', 'cram'));
    fc.assert(
      fc.property(retention, weights, fc.array(entry, { minLength: 1, maxLength: 60 }), (r, w, entries) => {
        useSchedulerSettings({ requestRetention: r, weights: w ? [...w] : null });
        // Many answers share a minute, some a millisecond: ties keep log order.
        const answers = entries.map(([id, dt, g, mode]) => answer(id, T0 + Math.round(dt / MIN) * (dt % 3 === 0 ? 1 : MIN), g, mode as 'drill' | 'cram'));
        const reference = fsrs({ enable_fuzz: false, request_retention: r, ...(w ? { w } : {}) });
        const expected = new Map<string, Card>();
        const order = answers.map((a, i) => ({ a, i, t: Date.parse(a.at) })).sort((x, y) => x.t - y.t || x.i - y.i);
        for (const { a, t } of order) {
          if (a.grade === null || a.mode === 'cram') continue;
          const card = expected.get(a.id) ?? createEmptyCard<Card>(new Date(t));
          const last = card.last_review ? card.last_review.getTime() : -Infinity;
          expected.set(a.id, reference.next(card, new Date(Math.max(t, last)), GRADES.indexOf(a.grade) + 1 as FsrsGrade).card);
        }
        const cards = summarise(answers).cards;
        expect(cards).toStrictEqual(expected);
        expect([...cards.keys()]).toEqual([...expected.keys()]);
      }),
      { numRuns: 150 },
    );
  });

  it('resumes from a checkpoint as ts-fsrs would: the same cards, fields in the same order', () => {
    const GRADES: Grade[] = ['again', 'hard', 'good', 'easy'];
    const entry = fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 400 * DAY }), fc.constantFrom(...GRADES));
    fc.assert(
      fc.property(fc.array(entry, { minLength: 2, maxLength: 40 }), fc.nat(), (entries, cut) => {
        const ordered = inTimeOrder(entries.map(([id, dt, g]) => answer(id, T0 + dt, g)));
        const k = cut % ordered.length;
        // Folded up to k, written as a checkpoint and read back, then folded on.
        const restored = summaryFromJson(JSON.parse(JSON.stringify(summaryToJson(fold(emptySummary(), ordered.slice(0, k))))))!;
        const expected = new Map([...restored.cards].map(([id, c]) => [id, { ...c }]));
        const reference = fsrs({ enable_fuzz: false });
        for (const { a, t } of ordered.slice(k)) {
          const card = expected.get(a.id) ?? createEmptyCard<Card>(new Date(t));
          const last = card.last_review ? card.last_review.getTime() : -Infinity;
          expected.set(a.id, reference.next(card, new Date(Math.max(t, last)), (GRADES.indexOf(a.grade!) + 1) as FsrsGrade).card);
        }
        const cards = fold(restored, ordered.slice(k)).cards;
        expect(cards).toStrictEqual(expected);
        expect([...cards].map(([id, c]) => [id, Object.keys(c)])).toEqual([...expected].map(([id, c]) => [id, Object.keys(c)]));
      }),
      { numRuns: 150 },
    );
  });

  it('gives the card ts-fsrs gives after every answer of any history', () => {
    fc.assert(
      fc.property(retention, weights, start, history, (r, w, t0, answers) => {
        const reference = fsrs({ enable_fuzz: false, request_retention: r, ...(w ? { w } : {}) });
        const p = stepParameters(r, w);
        let theirs = createEmptyCard<Card>(new Date(t0));
        let ours = createEmptyCard<Card>(new Date(t0));
        let t = t0;
        for (const [dt, g] of answers) {
          t += dt;
          // As the fold does: an answer dated before the card's last review is taken at that review.
          const last = theirs.last_review ? theirs.last_review.getTime() : -Infinity;
          const now = Math.max(t, last);
          theirs = reference.next(theirs, new Date(now), g).card;
          ours = nextCard(p, ours, new Date(now), g);
          expect(ours).toStrictEqual(theirs);
          // The same fields in the same order: a checkpoint written from either is the same bytes.
          expect(Object.keys(ours)).toEqual(Object.keys(theirs));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with ts-fsrs on any card a checkpoint can hold, failing where it fails', () => {
    const stored = fc.record({
      state: fc.integer({ min: 0, max: 3 }),
      stability: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 40_000, noNaN: true }), fc.double({ min: 0, max: 0.002, noNaN: true })),
      difficulty: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 11, noNaN: true })),
      elapsed_days: fc.nat(1000),
      scheduled_days: fc.nat(1000),
      learning_steps: fc.oneof(fc.nat(3), fc.constantFrom(0.5, 1.5, 2.5)),
      reps: fc.nat(100),
      lapses: fc.nat(20),
      last: fc.option(start, { nil: undefined }),
    });
    fc.assert(
      fc.property(retention, weights, stored, fc.nat(400 * DAY), grade, (r, w, c, dt, g) => {
        // Fields in the order summaryFromJson gives a checkpoint's card, last_review left out when it has none.
        const card = {
          stability: c.stability,
          difficulty: c.difficulty,
          elapsed_days: c.elapsed_days,
          scheduled_days: c.scheduled_days,
          learning_steps: c.learning_steps,
          reps: c.reps,
          lapses: c.lapses,
          state: c.state,
          due: new Date(T0),
          ...(c.last === undefined ? {} : { last_review: new Date(c.last) }),
        } as Card;
        const now = new Date((c.last ?? T0) + dt);
        const reference = fsrs({ enable_fuzz: false, request_retention: r, ...(w ? { w } : {}) });
        const theirs = outcome(() => reference.next(card, now, g).card);
        const ours = outcome(() => nextCard(stepParameters(r, w), card, now, g));
        expect(ours).toStrictEqual(theirs);
        expect(Object.keys(ours)).toEqual(Object.keys(theirs));
      }),
      { numRuns: 500 },
    );
  });

  it('migrates weights of other lengths as ts-fsrs does (FSRS-5, FSRS-4.5, or the defaults)', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const anyWeights = fc.oneof(
      fc.tuple(...W_BOUNDS.slice(0, 19).map(weight)),
      fc.tuple(...W_BOUNDS.slice(0, 17).map(weight)),
      fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { maxLength: 25 }).filter((a) => ![17, 19, 21].includes(a.length)),
    );
    fc.assert(
      fc.property(retention, anyWeights, start, history, (r, w, t0, answers) => {
        debug.mockClear();
        warn.mockClear();
        const reference = fsrs({ enable_fuzz: false, request_retention: r, w });
        const theirNotices = [...debug.mock.calls, ...warn.mock.calls];
        debug.mockClear();
        warn.mockClear();
        const p = stepParameters(r, w);
        // The same notice: ts-fsrs says it when it migrates the weights, and so does the step.
        expect([...debug.mock.calls, ...warn.mock.calls]).toEqual(theirNotices);
        let theirs = createEmptyCard<Card>(new Date(t0));
        let ours = theirs;
        let t = t0;
        for (const [dt, g] of answers) {
          t = Math.max(t + dt, theirs.last_review ? theirs.last_review.getTime() : -Infinity);
          theirs = reference.next(theirs, new Date(t), g).card;
          ours = nextCard(p, ours, new Date(t), g);
          expect(ours).toStrictEqual(theirs);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a retention that ts-fsrs refuses, with its message', () => {
    for (const r of [1.5, -0.2, Infinity]) {
      const theirs = outcome(() => fsrs({ request_retention: r }).next(createEmptyCard<Card>(new Date(T0)), new Date(T0), 3).card);
      expect(outcome(() => nextCard(stepParameters(r, undefined), createEmptyCard<Card>(new Date(T0)), new Date(T0), 3))).toStrictEqual(theirs);
    }
  });
});
