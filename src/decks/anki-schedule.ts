import type { Card } from 'ts-fsrs';
import type { AnswerRecord, Grade } from '../progress/record.js';
import { emptySummary, fold, inTimeOrder } from '../progress/summary.js';
import { STATE } from '../schedule.js';
import { CARD_TYPE, QUEUE, REVLOG_TYPE } from './anki-schema.js';

/**
 * The learner's FSRS schedule in Anki's terms, so Anki picks up where the drill left off.
 *
 * Limits of the mapping (Anki's own scheduler is SM-2 unless FSRS is switched on):
 * - every graded answer becomes a review in revlog (ease 1-4 = again, hard, good, easy;
 *   time capped at Anki's 60 s); skips without a grade are left out; cram answers are
 *   written as Anki "cram" reviews and, as in the drill, do not move the schedule;
 * - a card in review gets its FSRS due day and interval; a card still in (re)learning
 *   is due at its exact time, with one learning step left;
 * - SM-2 has an ease factor where FSRS has a difficulty (1 easy to 10 hard): the ease is
 *   mapped linearly, difficulty 1 to 300 % and 10 to 130 % (Anki's floor). With FSRS
 *   switched on, Anki (23.10 and later) reads stability and difficulty from the card's
 *   data instead, and can recompute both from the review history;
 * - Anki counts days from 4 am local time by default; days here are UTC days.
 */
const DAY_MS = 86_400_000;

export const EASE: Record<Grade, number> = { again: 1, hard: 2, good: 3, easy: 4 };

export interface AnkiCardState {
  type: number;
  queue: number;
  /** Review: day number since the collection's creation. Learning: Unix seconds. */
  due: number;
  ivl: number;
  factor: number;
  reps: number;
  lapses: number;
  left: number;
  data: string;
}

export interface AnkiReview {
  /** Milliseconds since 1970, unique within the collection (revlog.id). */
  id: number;
  ease: number;
  ivl: number;
  lastIvl: number;
  factor: number;
  time: number;
  type: number;
}

export interface QuestionSchedule {
  card: AnkiCardState;
  reviews: AnkiReview[];
}

export function easeFactor(difficulty: number): number {
  const d = Math.min(10, Math.max(1, difficulty));
  return Math.round(3000 - ((d - 1) / 9) * 1700);
}

/** Anki's interval: whole days for a card in review, negative seconds while learning. */
function interval(card: Card): number {
  if (card.state === STATE.Review) {
    const from = card.last_review?.getTime() ?? card.due.getTime();
    return Math.max(1, Math.round((card.due.getTime() - from) / DAY_MS));
  }
  if (card.state === STATE.New) return 0;
  const from = card.last_review?.getTime() ?? card.due.getTime();
  return -Math.max(60, Math.round((card.due.getTime() - from) / 1000));
}

/** The revlog type of a review, from the state the card was in before it. */
function reviewType(before: Card | undefined, mode: AnswerRecord['mode']): number {
  if (mode === 'cram') return REVLOG_TYPE.cram;
  if (!before || before.state === STATE.New || before.state === STATE.Learning) return REVLOG_TYPE.learning;
  return before.state === STATE.Relearning ? REVLOG_TYPE.relearning : REVLOG_TYPE.review;
}

export function cardState(card: Card, crtMs: number): AnkiCardState {
  const factor = easeFactor(card.difficulty);
  const data = JSON.stringify({ s: Math.round(card.stability * 1000) / 1000, d: Math.round(card.difficulty * 1000) / 1000 });
  const base = { factor, reps: card.reps, lapses: card.lapses, data };
  const dayOf = (ms: number) => Math.max(0, Math.floor((ms - crtMs) / DAY_MS));
  if (card.state === STATE.Review) {
    return { ...base, type: CARD_TYPE.review, queue: QUEUE.review, due: dayOf(card.due.getTime()), ivl: interval(card), left: 0 };
  }
  if (card.state === STATE.New) {
    return { ...base, type: CARD_TYPE.new, queue: QUEUE.new, due: 0, ivl: 0, left: 0 };
  }
  const type = card.state === STATE.Relearning ? CARD_TYPE.relearning : CARD_TYPE.learning;
  const ivl = type === CARD_TYPE.relearning ? Math.max(1, Math.round(card.stability)) : 0;
  // One learning step left, due today (left = steps today * 1000 + steps to graduation).
  return { ...base, type, queue: QUEUE.learning, due: Math.floor(card.due.getTime() / 1000), ivl, left: 1001 };
}

/**
 * Fold the answers one at a time through the drill's own scheduler (the public fold of
 * the progress log) and record each review with the card's state after it.
 */
export function schedulesFromAnswers(answers: readonly AnswerRecord[], ids: ReadonlySet<string>, crtMs: number): Map<string, QuestionSchedule> {
  const summary = emptySummary();
  const reviews = new Map<string, AnkiReview[]>();
  const usedIds = new Set<number>();
  for (const item of inTimeOrder(answers.filter((a) => ids.has(a.id)))) {
    const a = item.a;
    const before = summary.cards.get(a.id);
    fold(summary, [item]);
    if (a.grade === null) continue;
    const after = summary.cards.get(a.id);
    if (!after) continue;
    let id = item.t;
    while (usedIds.has(id)) id++;
    usedIds.add(id);
    const list = reviews.get(a.id) ?? [];
    list.push({
      id,
      ease: EASE[a.grade],
      ivl: interval(after),
      lastIvl: before ? interval(before) : 0,
      factor: easeFactor(after.difficulty),
      time: Math.min(60_000, Math.max(0, Math.round(a.seconds * 1000))),
      type: reviewType(before, a.mode),
    });
    reviews.set(a.id, list);
  }
  // The card as the last review left it: the schedule Anki continues from.
  const result = new Map<string, QuestionSchedule>();
  for (const [id, list] of reviews) {
    const card = summary.cards.get(id);
    if (card) result.set(id, { card: cardState(card, crtMs), reviews: list });
  }
  return result;
}
