import { createEmptyCard, State, type Card } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { RECENT_QUESTIONS, startMenu, topicInProgress, type TopicMastery } from '../../src/start-menu.js';
import { masteryBar, menuRows, topicRows } from '../../src/ui/start-screen.js';
import { configureColor } from '../../src/ui/output.js';
import { displayWidth } from '../../src/ui/width.js';
import { question } from '../builders.js';

configureColor(false);
const now = new Date('2026-05-10T12:00:00Z');
const card = (due: string, state: State, stability: number): Card => ({ ...createEmptyCard<Card>(new Date('2026-01-01T00:00:00Z')), due: new Date(due), state, stability });
const tally = (lastAt: string) => ({ lastAt });

const bank = [
  question({ id: 'd1', topics: ['drift'], difficulty: 'easy' }),
  question({ id: 'd2', topics: ['drift', 'monitoring'], difficulty: 'medium' }),
  question({ id: 'd3', topics: ['drift'], difficulty: 'hard' }),
  question({ id: 's1', topics: ['serving'], difficulty: 'easy' }),
  question({ id: 's2', topics: ['serving', 'latency'], difficulty: 'easy' }),
];

describe('startMenu', () => {
  it('counts what waits per difficulty and mastery per topic, topics by name', () => {
    const cards = new Map([
      ['d1', card('2026-06-30T00:00:00Z', State.Review, 40)], // mastered, not due
      ['d2', card('2026-05-09T00:00:00Z', State.Review, 3)], // due
      ['s1', card('2026-05-10T11:00:00Z', State.Learning, 0.5)], // due
    ]);
    const menu = startMenu(bank, { cards, tallies: new Map() }, now, 10);
    expect(menu.counts).toEqual({ all: { due: 2, fresh: 2 }, easy: { due: 1, fresh: 1 }, medium: { due: 1, fresh: 0 }, hard: { due: 0, fresh: 1 } });
    expect(menu.topics.map((t) => [t.name, t.mastered, t.total, t.due, t.fresh])).toEqual([
      ['drift', 1, 3, 1, 1],
      ['latency', 0, 1, 0, 1],
      ['monitoring', 0, 1, 1, 0],
      ['serving', 0, 2, 1, 1],
    ]);
    expect(menu.resume).toBeNull();
  });

  it('counts new questions as the daily limit leaves them, so the menu promises what the session gives', () => {
    const one = startMenu(bank, { cards: new Map(), tallies: new Map() }, now, 1);
    expect(one.counts).toEqual({ all: { due: 0, fresh: 1 }, easy: { due: 0, fresh: 1 }, medium: { due: 0, fresh: 1 }, hard: { due: 0, fresh: 1 } });
    const none = startMenu(bank, { cards: new Map(), tallies: new Map() }, now, 0);
    expect(none.counts.all).toEqual({ due: 0, fresh: 0 });
    // Topic rows show mastery out of every question, whatever is left today; the continue row's new count is capped too.
    expect(none.topics.find((t) => t.name === 'drift')).toMatchObject({ total: 3, fresh: 0 });
    expect(one.topics.find((t) => t.name === 'drift')).toMatchObject({ total: 3, fresh: 1 });
  });
});

describe('topicInProgress', () => {
  const topics = (over: Partial<Record<string, Partial<TopicMastery>>> = {}): TopicMastery[] =>
    ['drift', 'latency', 'monitoring', 'serving'].map((name) => ({ name, total: 3, mastered: 0, due: 1, fresh: 1, ...over[name] }));

  it('is the most frequent topic among the latest answers', () => {
    const tallies = new Map([
      ['d1', tally('2026-05-10T10:00:00Z')],
      ['d3', tally('2026-05-10T10:01:00Z')],
      ['s2', tally('2026-05-10T10:02:00Z')],
    ]);
    expect(topicInProgress(bank, tallies, topics(), 10)?.name).toBe('drift');
  });

  it('breaks a tie by the latest answer, and forgets answers older than the last session', () => {
    const tallies = new Map([
      ['d1', tally('2026-05-10T10:00:00Z')],
      ['s1', tally('2026-05-10T10:01:00Z')],
    ]);
    expect(topicInProgress(bank, tallies, topics(), 10)?.name).toBe('serving');
    // Many older drift answers are not "in progress" once a session of other questions followed.
    const many = Array.from({ length: RECENT_QUESTIONS }, (_, i) => question({ id: `x${i}`, topics: ['latency'] }));
    const later = new Map([...tallies, ...many.map((q, i) => [q.id, tally(`2026-05-10T11:${String(i).padStart(2, '0')}:00Z`)] as const)]);
    expect(topicInProgress([...bank, ...many], later, topics(), 10)?.name).toBe('latency');
  });

  it('between two topics of the same questions, takes the broader one', () => {
    const tagged = [question({ id: 't1', topics: ['latency', 'serving'] }), question({ id: 't2', topics: ['latency', 'serving'] })];
    const tallies = new Map([['t1', tally('2026-05-10T10:00:00Z')], ['t2', tally('2026-05-10T10:01:00Z')]]);
    const sized = topics({ serving: { total: 40 }, latency: { total: 20 } });
    expect(topicInProgress(tagged, tallies, sized, 10)?.name).toBe('serving');
    expect(topicInProgress(tagged, tallies, topics({ serving: { total: 5 }, latency: { total: 20 } }), 10)?.name).toBe('latency');
  });

  it('skips a topic with nothing left today: no due review, and no new question the limit allows', () => {
    const tallies = new Map([['d1', tally('2026-05-10T10:00:00Z')], ['s1', tally('2026-05-10T09:00:00Z')]]);
    expect(topicInProgress(bank, tallies, topics({ drift: { due: 0, fresh: 0 } }), 10)?.name).toBe('serving');
    expect(topicInProgress(bank, tallies, topics({ drift: { due: 0, fresh: 2 } }), 0)?.name).toBe('serving');
    expect(topicInProgress(bank, tallies, topics({ drift: { due: 0 }, serving: { due: 0 } }), 0)).toBeNull();
    expect(topicInProgress(bank, new Map(), topics(), 10)).toBeNull();
  });
});

describe('masteryBar', () => {
  it.each([
    [0, 10, 10, 0],
    [10, 10, 10, 10],
    [5, 10, 10, 5],
    [1, 52, 10, 1], // something mastered always shows
    [51, 52, 10, 9], // not all mastered never looks full
    [3, 8, 5, 2],
    [0, 0, 5, 0],
  ])('%d of %d in %d cells: %d filled', (mastered, total, cells, filled) => {
    expect(masteryBar(mastered, total, cells)).toEqual({ filled, empty: cells - filled });
  });
});

describe('the menu rows fit', () => {
  const topics: TopicMastery[] = [
    { name: 'continuous-training', total: 9, mastered: 2, due: 3, fresh: 1 },
    { name: 'monitoring', total: 52, mastered: 12, due: 0, fresh: 30 },
    { name: '監視とアラートの設計と運用の長い話題', total: 100, mastered: 100, due: 0, fresh: 0 },
  ];
  const menu = { counts: { all: { due: 3, fresh: 31 }, easy: { due: 1, fresh: 10 }, medium: { due: 1, fresh: 10 }, hard: { due: 1, fresh: 11 } }, topics, resume: topics[0]! };

  it.each([78, 60, 38, 30, 18])('in %d cells, every line, with columns aligned', (width) => {
    const rows = menuRows(menu, width);
    for (const line of rows.flatMap((r) => r.lines)) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    const lines = topicRows(topics, width);
    // The counts line up: "mastered/total" ends in the same column on every row.
    const ends = lines.map((l, i) => displayWidth(l.slice(0, l.indexOf(`${topics[i]!.mastered}/${topics[i]!.total}`))) + `${topics[i]!.mastered}/${topics[i]!.total}`.length);
    expect(new Set(ends).size).toBe(1);
  });

  it('at 78 cells: bar, count, words and what is due', () => {
    expect(topicRows(topics, 78)[0]).toBe('continuous-training                   ██░░░░░░░░      2/9 mastered · 3 due');
  });

  it('puts the topic in progress first, with its key, then all, then each difficulty', () => {
    const rows = menuRows(menu, 78);
    expect(rows.slice(0, 5).map((r) => [r.lines[0], r.key])).toEqual([
      ['continue continuous-training (3 due, 1 new)', 'c'],
      ['all difficulties (3 due, 31 new)', undefined],
      ['easy (1 due, 10 new)', '1'],
      ['medium (1 due, 10 new)', '2'],
      ['hard (1 due, 11 new)', '3'],
    ]);
    expect(rows[0]!.value).toEqual({ difficulties: null, topic: 'continuous-training' });
    expect(rows[3]!.value).toEqual({ difficulties: ['medium'], topic: null });
    expect(rows.at(-1)!.value).toEqual({ difficulties: null, topic: topics[2]!.name });
  });
});
