import { createEmptyCard, fsrs, Rating, type Card, type Grade as FsrsGrade } from 'ts-fsrs';
import type { AnswerRecord, Grade, Result } from './record.js';

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
  /** UTC days (YYYY-MM-DD) with at least one answer. */
  days: Set<string>;
  /** Time (ms) of the latest answer folded in; a later fold must not go back before it. */
  lastTime: number;
  answers: number;
}

const RATING: Record<Grade, FsrsGrade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

// No fuzz: the same log must give the same schedule on every machine and every run.
const scheduler = fsrs({ enable_fuzz: false });

export function emptySummary(): Summary {
  return { cards: new Map(), tallies: new Map(), days: new Set(), lastTime: -Infinity, answers: 0 };
}

/** Answers in the order they are folded: by time, ties in log order. */
export function inTimeOrder(answers: readonly AnswerRecord[]): { a: AnswerRecord; t: number }[] {
  return answers.map((a, i) => ({ a, i, t: Date.parse(a.at) })).sort((x, y) => x.t - y.t || x.i - y.i);
}

/**
 * Fold answers (already in time order) into the summary. Cram answers and skips
 * without a grade are counted but leave the schedule alone.
 */
export function fold(summary: Summary, ordered: readonly { a: AnswerRecord; t: number }[]): Summary {
  for (const { a, t } of ordered) {
    summary.answers++;
    summary.lastTime = Math.max(summary.lastTime, t);
    summary.days.add(a.at.slice(0, 10));
    const tally = summary.tallies.get(a.id) ?? { attempts: 0, answered: 0, correct: 0, lastResult: null, lastAt: null };
    tally.attempts++;
    if (a.result !== 'skipped') tally.answered++;
    if (a.result === 'correct') tally.correct++;
    if (tally.lastAt === null || a.at >= tally.lastAt) {
      tally.lastAt = a.at;
      tally.lastResult = a.result;
    }
    summary.tallies.set(a.id, tally);
    if (a.grade === null || a.mode === 'cram') continue;
    const card: Card = summary.cards.get(a.id) ?? createEmptyCard<Card>(new Date(t));
    const last = card.last_review ? card.last_review.getTime() : -Infinity;
    summary.cards.set(a.id, scheduler.next(card, new Date(Math.max(t, last)), RATING[a.grade]).card);
  }
  return summary;
}

export function summarise(answers: readonly AnswerRecord[]): Summary {
  return fold(emptySummary(), inTimeOrder(answers));
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
