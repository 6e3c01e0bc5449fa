import type { Card } from 'ts-fsrs';
import type { AnswerRecord, Result } from './record.js';

/**
 * Everything the commands need from the log, folded answer by answer in time order:
 * the FSRS card of every question, per-question tallies and the days practised.
 * A fold can be resumed, which is what lets a long log be read incrementally
 * (see cache.ts); folding the whole log from scratch always gives the same result.
 */
export interface Tally {
  attempts: number;
  answered: number;
  correct: number;
  lastResult: Result | null;
  lastAt: string | null;
}

export interface Summary {
  cards: Map<string, Card>;
  tallies: Map<string, Tally>;
  /** UTC quarter hours (YYYY-MM-DDTHH:MM) with at least one answer; UTC days (YYYY-MM-DD) in older checkpoints. */
  days: Set<string>;
  /** Time (ms) of the latest answer folded in; a later fold must not go back before it. */
  lastTime: number;
  answers: number;
}

export function emptySummary(): Summary {
  return { cards: new Map(), tallies: new Map(), days: new Set(), lastTime: -Infinity, answers: 0 };
}

/** Answers in the order they are folded: by time, ties in log order. */
export function inTimeOrder(answers: readonly AnswerRecord[]): { a: AnswerRecord; t: number }[] {
  return answers.map((a, i) => ({ a, i, t: Date.parse(a.at) })).sort((x, y) => x.t - y.t || x.i - y.i);
}

/** JSON form of a summary (dates as ISO strings), for the cache. */
export function summaryToJson(s: Summary): unknown {
  return {
    cards: [...s.cards].map(([id, c]) => [id, { ...c, due: c.due.toISOString(), last_review: c.last_review?.toISOString() ?? null }]),
    tallies: [...s.tallies],
    days: [...s.days],
    lastTime: Number.isFinite(s.lastTime) ? s.lastTime : null,
    answers: s.answers,
  };
}

export function summaryFromJson(value: unknown): Summary | null {
  try {
    const v = value as {
      cards: [string, Record<string, unknown>][];
      tallies: [string, Tally][];
      days: string[];
      lastTime: number | null;
      answers: number;
    };
    const cards = new Map<string, Card>();
    for (const [id, c] of v.cards) {
      const card = { ...c, due: new Date(c.due as string) } as unknown as Card;
      if (c.last_review) card.last_review = new Date(c.last_review as string);
      else delete card.last_review;
      if (Number.isNaN(card.due.getTime())) return null;
      cards.set(id, card);
    }
    if (!Array.isArray(v.tallies) || !Array.isArray(v.days) || typeof v.answers !== 'number') return null;
    return { cards, tallies: new Map(v.tallies), days: new Set(v.days), lastTime: v.lastTime ?? -Infinity, answers: v.answers };
  } catch {
    return null;
  }
}
