import type { Card } from 'ts-fsrs';
import type { AnswerRecord, LogRecord, Result } from './record.js';

/**
 * Everything the commands need from the log, folded answer by answer in time order:
 * the FSRS card of every question, per-question tallies and the days practised.
 * A fold can be resumed, which is what lets a long log be read incrementally
 * (see checkpoint.ts); folding the whole log from scratch always gives the same result.
 */
export interface Tally {
  attempts: number;
  answered: number;
  correct: number;
  lastResult: Result | null;
  lastAt: string | null;
  /** Times of the first and the latest answer that fed the schedule (graded, not cram): daily limits count from them. */
  firstGradedAt: string | null;
  lastGradedAt: string | null;
}

export interface Summary {
  cards: Map<string, Card>;
  tallies: Map<string, Tally>;
  /** UTC quarter hours (YYYY-MM-DDTHH:MM) with at least one answer; UTC days (YYYY-MM-DD) in older checkpoints. */
  days: Set<string>;
  /** Time (ms) of the latest answer folded in; a later fold must not go back before it. */
  lastTime: number;
  answers: number;
  /** Per question, its latest suspend or unsuspend record (see foldSuspensions). */
  suspensions: Map<string, Suspension>;
}

/** A question set aside or brought back, and when: the latest record in time holds. */
export interface Suspension {
  suspended: boolean;
  at: string;
}

export function emptySummary(): Summary {
  return { cards: new Map(), tallies: new Map(), days: new Set(), lastTime: -Infinity, answers: 0, suspensions: new Map() };
}

/**
 * Fold suspend and unsuspend records (given in log order) into the summary: per question the
 * latest in time holds, a tie going to the later line. Kept by time rather than by line so
 * that logs merged from two machines (import, sync) agree whatever order their lines are in,
 * and so that folding the rest of a log after a checkpoint gives what folding it all gives.
 */
export function foldSuspensions(summary: Summary, records: readonly LogRecord[]): Summary {
  for (const r of records) {
    if (r.kind !== 'suspend' && r.kind !== 'unsuspend') continue;
    const t = Date.parse(r.at);
    const held = summary.suspensions.get(r.id);
    if (held && Date.parse(held.at) > t) continue;
    summary.suspensions.set(r.id, { suspended: r.kind === 'suspend', at: r.at });
  }
  return summary;
}

export function isSuspended(summary: Pick<Summary, 'suspensions'>, id: string): boolean {
  return summary.suspensions.get(id)?.suspended === true;
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
    suspensions: [...s.suspensions],
  };
}

const NUMBER_FIELDS = ['stability', 'difficulty', 'elapsed_days', 'scheduled_days', 'learning_steps', 'reps', 'lapses'] as const;
const RESULT_VALUES: readonly unknown[] = ['correct', 'incorrect', 'skipped'];
/** A practised time: a UTC quarter hour, or a UTC day in checkpoints written before quarter hours were kept. */
const DAY = /^\d{4}-\d{2}-\d{2}(T\d{2}:[0-5]\d)?$/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const FIRST = Date.UTC(2000, 0, 1);
const LAST = Date.UTC(10000, 0, 1);
/** A date the scheduler and the screens can use: JavaScript holds dates that toISOString cannot print. */
function toDate(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  const t = d.getTime();
  return t >= FIRST && t < LAST ? d : null;
}

function cardFromJson(c: unknown): Card | null {
  if (!isObject(c)) return null;
  const due = toDate(c.due);
  if (!due || !isCount(c.state) || c.state > 3) return null;
  for (const f of NUMBER_FIELDS) if (!isFiniteNumber(c[f]) || c[f] < 0) return null;
  if (!isCount(c.reps) || !isCount(c.lapses)) return null;
  const card = {} as Record<string, unknown>;
  for (const f of NUMBER_FIELDS) card[f] = c[f];
  card.state = c.state;
  card.due = due;
  if (c.last_review !== null) {
    const last = toDate(c.last_review);
    if (!last) return null;
    card.last_review = last;
  }
  return card as unknown as Card;
}

function tallyFromJson(t: unknown): Tally | null {
  if (!isObject(t) || !isCount(t.attempts) || !isCount(t.answered) || !isCount(t.correct)) return null;
  if (t.answered > t.attempts || t.correct > t.answered) return null;
  if (t.lastResult !== null && !RESULT_VALUES.includes(t.lastResult)) return null;
  if (t.lastAt !== null && (typeof t.lastAt !== 'string' || !toDate(t.lastAt))) return null;
  if ((t.lastAt === null) !== (t.lastResult === null)) return null;
  for (const k of ['firstGradedAt', 'lastGradedAt'] as const) if (t[k] !== null && (typeof t[k] !== 'string' || !toDate(t[k]))) return null;
  if ((t.firstGradedAt === null) !== (t.lastGradedAt === null)) return null;
  return {
    attempts: t.attempts,
    answered: t.answered,
    correct: t.correct,
    lastResult: t.lastResult as Result | null,
    lastAt: t.lastAt as string | null,
    firstGradedAt: t.firstGradedAt as string | null,
    lastGradedAt: t.lastGradedAt as string | null,
  };
}

function suspensionFromJson(v: unknown): Suspension | null {
  if (!isObject(v) || typeof v.suspended !== 'boolean' || typeof v.at !== 'string' || !toDate(v.at)) return null;
  return { suspended: v.suspended, at: v.at };
}

const isEntry = (e: unknown): e is [string, unknown] => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && e[0] !== '';

/**
 * The summary of a checkpoint, checked field by field: it comes from a file, and a file
 * can say anything. Anything off (a state the scheduler does not know, a negative count,
 * a date that cannot be printed, tallies that do not add up) gives null, never a throw.
 */
export function summaryFromJson(value: unknown): Summary | null {
  if (!isObject(value)) return null;
  const { cards: cardList, tallies: tallyList, days: dayList, lastTime, answers } = value;
  if (!Array.isArray(cardList) || !Array.isArray(tallyList) || !Array.isArray(dayList) || !isCount(answers)) return null;
  if (lastTime !== null && !isFiniteNumber(lastTime)) return null;
  const tallies = new Map<string, Tally>();
  let attempts = 0;
  for (const e of tallyList) {
    if (!isEntry(e) || tallies.has(e[0])) return null;
    const t = tallyFromJson(e[1]);
    if (!t) return null;
    attempts += t.attempts;
    tallies.set(e[0], t);
  }
  if (attempts !== answers) return null;
  const cards = new Map<string, Card>();
  for (const e of cardList) {
    if (!isEntry(e) || cards.has(e[0])) return null;
    const card = cardFromJson(e[1]);
    const tally = tallies.get(e[0]);
    if (!card || !tally || card.reps > tally.attempts) return null;
    cards.set(e[0], card);
  }
  const days = new Set<string>();
  for (const d of dayList) {
    if (typeof d !== 'string' || !DAY.test(d)) return null;
    days.add(d);
  }
  if ((answers === 0) !== (lastTime === null) || (answers > 0 && days.size === 0)) return null;
  const suspensionList = value.suspensions;
  if (!Array.isArray(suspensionList)) return null;
  const suspensions = new Map<string, Suspension>();
  for (const e of suspensionList) {
    if (!isEntry(e) || suspensions.has(e[0])) return null;
    const held = suspensionFromJson(e[1]);
    if (!held) return null;
    suspensions.set(e[0], held);
  }
  return { cards, tallies, days, lastTime: lastTime ?? -Infinity, answers, suspensions };
}
