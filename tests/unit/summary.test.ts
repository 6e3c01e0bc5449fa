import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { answer } from '../builders.js';
import { emptySummary, fold, inTimeOrder, summarise, summaryFromJson, summaryToJson, type Summary } from '../../src/progress/summary.js';
import { viewCard } from '../../src/schedule.js';
import { replay } from '../../src/progress/summary.js';

const T0 = Date.parse('2024-03-01T09:00:00.000Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;


const LOG = [
  answer('a', T0, 'good'),
  answer('b', T0 + HOUR, 'again'),
  answer('a', T0 + 20 * 60_000, 'good'),
  answer('c', T0 + 2 * HOUR, null),
  answer('a', T0 + 3 * DAY, 'easy'),
  answer('b', T0 + 3 * DAY + 5, 'good', 'cram'),
  answer('b', T0 + 4 * DAY, 'hard'),
  answer('a', T0 + 12 * DAY, 'again'),
];

const cardViews = (s: Summary) => [...s.cards].sort(([x], [y]) => x.localeCompare(y)).map(([id, c]) => [id, viewCard(c)]);
const comparable = (s: Summary) => ({
  cards: cardViews(s),
  tallies: [...s.tallies].sort(([x], [y]) => x.localeCompare(y)),
  days: [...s.days].sort(),
  lastTime: s.lastTime,
  answers: s.answers,
});

describe('summarise', () => {
  it('keeps every quarter hour with an answer, however the answers fall across quarter hours', () => {
    // Offsets up to three days, many of them a few minutes apart: runs within one quarter hour and across its edges.
    const offsets = fc.array(fc.oneof(fc.integer({ min: 0, max: 3 * DAY }), fc.integer({ min: 0, max: 40 * 60_000 })), { maxLength: 40 });
    fc.assert(
      fc.property(offsets, fc.boolean(), (times, ordered) => {
        const log = times.map((dt, i) => answer(`q${i % 3}`, T0 + dt, i % 2 ? 'good' : null));
        const s = ordered ? summarise(log) : fold(emptySummary(), log.map((a) => ({ a, t: Date.parse(a.at) })));
        const quarters = new Set(times.map((dt) => new Date(T0 + dt - ((T0 + dt) % 900_000)).toISOString().slice(0, 16)));
        expect([...s.days].sort()).toEqual([...quarters].sort());
      }),
    );
  });

  it('tallies every answer and counts the days practised', () => {
    const s = summarise(LOG);
    expect(s.answers).toBe(8);
    const iso = (t: number) => new Date(t).toISOString();
    expect(s.tallies.get('a')).toEqual({ attempts: 4, answered: 4, correct: 3, lastResult: 'incorrect', lastAt: iso(T0 + 12 * DAY), firstGradedAt: iso(T0), lastGradedAt: iso(T0 + 12 * DAY) });
    // The cram answer counts as an attempt but not as a graded one: the last graded answer is the hard one.
    expect(s.tallies.get('b')).toEqual({ attempts: 3, answered: 3, correct: 2, lastResult: 'correct', lastAt: iso(T0 + 4 * DAY), firstGradedAt: iso(T0 + HOUR), lastGradedAt: iso(T0 + 4 * DAY) });
    expect(s.tallies.get('c')).toEqual({ attempts: 1, answered: 0, correct: 0, lastResult: 'skipped', lastAt: iso(T0 + 2 * HOUR), firstGradedAt: null, lastGradedAt: null });
    expect([...new Set([...s.days].map((d) => d.slice(0, 10)))].sort()).toEqual(['2024-03-01', '2024-03-04', '2024-03-05', '2024-03-13']);
    expect(s.lastTime).toBe(T0 + 12 * DAY);
    // Only graded, non-cram answers make cards.
    expect([...s.cards.keys()].sort()).toEqual(['a', 'b']);
    expect(s.cards.get('b')!.reps).toBe(2);
  });

  it('gives the cards replay gives', () => {
    expect(cardViews(summarise(LOG))).toEqual([...replay(LOG)].sort(([x], [y]) => x.localeCompare(y)).map(([id, c]) => [id, viewCard(c)]));
  });
});

describe('summary JSON round trip', () => {
  it('gives back the same summary, with real dates', () => {
    const s = summarise(LOG);
    const back = summaryFromJson(JSON.parse(JSON.stringify(summaryToJson(s))));
    expect(back).not.toBeNull();
    expect(comparable(back!)).toEqual(comparable(s));
    for (const card of back!.cards.values()) {
      expect(card.due).toBeInstanceOf(Date);
      expect(card.last_review).toBeInstanceOf(Date);
    }
  });

  it('keeps an empty summary empty (lastTime -Infinity survives as null)', () => {
    const back = summaryFromJson(JSON.parse(JSON.stringify(summaryToJson(emptySummary()))));
    expect(back).toEqual(emptySummary());
  });

  it('folding the rest of the log after a round trip gives the same as folding it all at once', () => {
    const ordered = inTimeOrder(LOG);
    for (const cut of [1, 3, 5, 7]) {
      const first = fold(emptySummary(), ordered.slice(0, cut));
      const resumed = fold(summaryFromJson(JSON.parse(JSON.stringify(summaryToJson(first))))!, ordered.slice(cut));
      expect(comparable(resumed), `cut at ${cut}`).toEqual(comparable(summarise(LOG)));
    }
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'summary'],
    ['no cards', { tallies: [], days: [], lastTime: null, answers: 0 }],
    ['a bad due date', { cards: [['a', { due: 'not a date' }]], tallies: [], days: [], lastTime: null, answers: 1 }],
    ['no answers count', { cards: [], tallies: [], days: [], lastTime: null }],
  ])('refuses %s', (_what, value) => {
    expect(summaryFromJson(value)).toBeNull();
  });
});
