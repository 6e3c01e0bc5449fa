import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { answer } from '../builders.js';
import { emptySummary, fold, foldFlags, inTimeOrder, summarise, summaryFromJson, summaryToJson, type Summary } from '../../src/progress/summary.js';
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
  quarters: [...s.quarters].sort(([x], [y]) => x.localeCompare(y)),
  flags: [...s.flags].sort(([x], [y]) => x.localeCompare(y)),
  lastTime: s.lastTime,
  answers: s.answers,
});

describe('summarise', () => {
  it('counts the answers of every quarter hour, however the answers fall across quarter hours', () => {
    // Offsets up to three days, many of them a few minutes apart: runs within one quarter hour and across its edges.
    const offsets = fc.array(fc.oneof(fc.integer({ min: 0, max: 3 * DAY }), fc.integer({ min: 0, max: 40 * 60_000 })), { maxLength: 40 });
    fc.assert(
      fc.property(offsets, fc.boolean(), (times, ordered) => {
        const log = times.map((dt, i) => answer(`q${i % 3}`, T0 + dt, i % 2 ? 'good' : null));
        const s = ordered ? summarise(log) : fold(emptySummary(), log.map((a) => ({ a, t: Date.parse(a.at) })));
        // Skips (every other answer here) are no answers: a quarter hour of skips only holds nothing.
        const expected = new Map<string, number>();
        times.forEach((dt, i) => {
          if (i % 2 === 0) return;
          const key = new Date(T0 + dt - ((T0 + dt) % 900_000)).toISOString().slice(0, 16);
          expected.set(key, (expected.get(key) ?? 0) + 1);
        });
        expect([...s.quarters].map(([k, q]) => [k, q.answers]).sort()).toEqual([...expected].sort());
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
    // Skips are no answers: the quarter hour of c's skip (11:00) holds nothing.
    expect([...s.quarters].sort(([x], [y]) => x.localeCompare(y))).toEqual([
      ['2024-03-01T09:00', { answers: 1, correct: 1, reviews: 0, recalled: 0 }],
      ['2024-03-01T09:15', { answers: 1, correct: 1, reviews: 0, recalled: 0 }],
      ['2024-03-01T10:00', { answers: 1, correct: 0, reviews: 0, recalled: 0 }],
      // a, learned on day 0, is in Review state by day 3: a review, recalled; the cram answer counts as an answer only.
      ['2024-03-04T09:00', { answers: 2, correct: 2, reviews: 1, recalled: 1 }],
      // b was missed on day 0 and is still relearning: an answer, not a review of a learned question.
      ['2024-03-05T09:00', { answers: 1, correct: 1, reviews: 0, recalled: 0 }],
      ['2024-03-13T09:00', { answers: 1, correct: 0, reviews: 1, recalled: 0 }],
    ]);
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

const flag = (id: string, at: string, reason: string, rid = `flag-${id}-${at}`) => ({ v: 1, kind: 'flag' as const, rid, at, session: 's', bank: 'b', id, reason });

describe('flags in the fold', () => {
  it('keeps the latest reason per question, whatever the order of the records', () => {
    const records = [flag('a', '2024-03-02T10:00:00.000Z', 'typo in the answer'), flag('b', '2024-03-01T10:00:00.000Z', 'unclear'), flag('a', '2024-03-01T10:00:00.000Z', 'older reason')];
    const s = foldFlags(emptySummary(), records);
    expect([...s.flags].sort()).toEqual([
      ['a', { reason: 'typo in the answer', at: '2024-03-02T10:00:00.000Z', bank: 'b' }],
      ['b', { reason: 'unclear', at: '2024-03-01T10:00:00.000Z', bank: 'b' }],
    ]);
  });

  it('leaves out a flag taken back by an undo, and ignores answers', () => {
    const taken = flag('a', '2024-03-02T10:00:00.000Z', 'oops', 'flag-rid');
    const undo = { v: 1, kind: 'undo' as const, rid: 'u1', at: '2024-03-02T10:01:00.000Z', session: 's', undoes: 'flag-rid' };
    const s = foldFlags(emptySummary(), [answer('a', T0, 'good'), taken, undo]);
    expect(s.flags.size).toBe(0);
  });

  it('survives the JSON round trip', () => {
    const s = foldFlags(summarise(LOG), [flag('a', '2024-03-02T10:00:00.000Z', 'a reason')]);
    expect(comparable(summaryFromJson(JSON.parse(JSON.stringify(summaryToJson(s))))!)).toEqual(comparable(s));
  });
});

describe('summary JSON: the quarter hours and flags are checked strictly', () => {
  const good = () => JSON.parse(JSON.stringify(summaryToJson(foldFlags(summarise(LOG), [flag('a', '2024-03-02T10:00:00.000Z', 'why')])))) as Record<string, unknown[]>;
  const quarters = (j: Record<string, unknown[]>) => j.quarters as unknown[][];

  it('accepts what it wrote', () => {
    expect(summaryFromJson(good())).not.toBeNull();
  });

  it.each<[string, (j: Record<string, unknown[]>) => void]>([
    ['no quarters (a checkpoint of format 3, with days)', (j) => delete j.quarters],
    ['no flags', (j) => delete j.flags],
    ['quarters as an object', (j) => ((j as Record<string, unknown>).quarters = {})],
    ['a quarter that is not on a quarter hour', (j) => (quarters(j)[0]![0] = '2024-03-01T09:07')],
    ['a UTC day instead of a quarter hour', (j) => (quarters(j)[0]![0] = '2024-03-01')],
    ['a quarter hour that is no date', (j) => (quarters(j)[0]![0] = '2024-13-45T09:00')],
    ['a quarter listed twice', (j) => quarters(j).push([...quarters(j)[0]!])],
    ['more right answers than answers', (j) => (quarters(j)[0]![2] = 5)],
    ['more recalled than reviews', (j) => (quarters(j)[3]![4] = 2)],
    ['a negative count', (j) => (quarters(j)[0]![1] = -1)],
    ['a fractional count', (j) => (quarters(j)[0]![3] = 0.5)],
    ['an entry of the wrong length', (j) => quarters(j)[0]!.push(1)],
    ['an empty entry', (j) => quarters(j).push(['2020-01-01T00:00', 0, 0, 0, 0])],
    ['answers the tallies do not hold', (j) => (quarters(j)[0]![1] = 2)],
    ['a quarter left out', (j) => quarters(j).shift()],
    ['more reviews than answers', (j) => (quarters(j)[0]![3] = 1000)],
    ['a flag without a reason', (j) => ((j.flags as unknown[][])[0]![1] = { at: '2024-03-02T10:00:00.000Z', bank: 'b' })],
    ['a flag with a bad date', (j) => ((j.flags as unknown[][])[0]![1] = { reason: 'r', at: 'yesterday', bank: 'b' })],
    ['a flag with no id', (j) => ((j.flags as unknown[][])[0]![0] = '')],
    ['a flag listed twice', (j) => (j.flags as unknown[][]).push((j.flags as unknown[][])[0]!)],
  ])('refuses %s', (_what, damage) => {
    const j = good();
    damage(j);
    expect(summaryFromJson(j)).toBeNull();
  });
});
