import type { Card } from 'ts-fsrs';
import type { AnswerRecord, LogRecord, Result } from './record.js';

/**
 * Everything the commands need from the log, folded answer by answer in time order:
 * the FSRS card of every question, per-question tallies, the answers per quarter hour
 * and the questions flagged.
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

/**
 * What happened in one UTC quarter hour. Every time zone's offset is a multiple of 15
 * minutes, so the learner's local day (and learning day, see config/day.ts) of each is exact.
 */
export interface QuarterTally {
  /** Answers, skips not counted (as in the tallies' `answered`). */
  answers: number;
  correct: number;
  /** Scheduled answers to questions already learned (their card was in Review state before): what true retention is made of. */
  reviews: number;
  /** Of those reviews, the ones recalled (any grade but again). */
  recalled: number;
}

/** The learner's latest flag on a question: it is confusing or wrong. */
export interface Flag {
  reason: string;
  at: string;
  bank: string;
}

export interface Summary {
  cards: Map<string, Card>;
  tallies: Map<string, Tally>;
  /** Per UTC quarter hour (YYYY-MM-DDTHH:MM) with an answer or a review. */
  quarters: Map<string, QuarterTally>;
  /** Flagged questions by id. */
  flags: Map<string, Flag>;
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
  return { cards: new Map(), tallies: new Map(), quarters: new Map(), flags: new Map(), lastTime: -Infinity, answers: 0, suspensions: new Map() };
}

/** The UTC quarter hour holding time `t` (ms), as a key of `Summary.quarters`. */
export function quarterOf(t: number): string {
  return new Date(t - (((t % 900_000) + 900_000) % 900_000)).toISOString().slice(0, 16);
}

/**
 * Fold flag records into the summary: the latest flag of a question wins (ties: the later
 * in the log). A flag taken back by an undo record among `records` is left out. No scheduler
 * is needed, so this lives beside the data.
 */
export function foldFlags(summary: Summary, records: readonly LogRecord[]): Summary {
  let undone: Set<string> | null = null;
  for (const r of records) if (r.kind === 'undo') (undone ??= new Set()).add(r.undoes);
  for (const r of records) {
    if (r.kind !== 'flag' || undone?.has(r.rid)) continue;
    const before = summary.flags.get(r.id);
    if (before && Date.parse(before.at) > Date.parse(r.at)) continue;
    summary.flags.set(r.id, { reason: r.reason, at: r.at, bank: r.bank });
  }
  return summary;
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

/**
 * The answers among `records` still in force (undone ones left out), in the order they are folded:
 * by time, ties in log order, as inTimeOrder(effectiveAnswers(records)) gives them. `times[i]` is the
 * time of `records[i]`, parsed once as the log was read. A log is nearly always in time order
 * already, and then nothing is sorted.
 */
export function answersInTimeOrder(records: readonly LogRecord[], times: ArrayLike<number>): { answers: AnswerRecord[]; times: number[] } {
  let undone: Set<string> | null = null;
  for (const r of records) if (r.kind === 'undo') (undone ??= new Set()).add(r.undoes);
  const answers: AnswerRecord[] = [];
  const at: number[] = [];
  let ordered = true;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.kind !== 'answer' || undone?.has(r.rid)) continue;
    const t = times[i]!;
    // NaN never counts as in order: such a list is sorted as inTimeOrder sorts it.
    if (!(t >= (at.length > 0 ? at[at.length - 1]! : -Infinity))) ordered = false;
    answers.push(r);
    at.push(t);
  }
  if (ordered) return { answers, times: at };
  const order = answers.map((_, i) => i).sort((x, y) => at[x]! - at[y]! || x - y);
  return { answers: order.map((i) => answers[i]!), times: order.map((i) => at[i]!) };
}

/** JSON form of a summary (dates as ISO strings), for the cache. */
export function summaryToJson(s: Summary): unknown {
  return {
    cards: [...s.cards].map(([id, c]) => [id, { ...c, due: c.due.toISOString(), last_review: c.last_review?.toISOString() ?? null }]),
    tallies: [...s.tallies],
    quarters: [...s.quarters].map(([key, q]) => [key, q.answers, q.correct, q.reviews, q.recalled]),
    flags: [...s.flags],
    lastTime: Number.isFinite(s.lastTime) ? s.lastTime : null,
    answers: s.answers,
    suspensions: [...s.suspensions],
  };
}

const NUMBER_FIELDS = ['stability', 'difficulty', 'elapsed_days', 'scheduled_days', 'learning_steps', 'reps', 'lapses'] as const;
const RESULT_VALUES: readonly unknown[] = ['correct', 'incorrect', 'skipped'];
/**
 * A UTC quarter hour from 2000 on, as quarterOf writes it: checked by pattern alone, since a
 * long log has thousands (a day past the month's end, such as 02-31, only moves the quarter: harmless).
 */
const QUARTER = /^[2-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):(00|15|30|45)$/;

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

/** A quarter hour's entry: [key, answers, correct, reviews, recalled], counts that can be true. */
function quarterFromJson(e: unknown): [string, QuarterTally] | null {
  if (!Array.isArray(e) || e.length !== 5) return null;
  const key: unknown = e[0];
  const answers: unknown = e[1];
  const correct: unknown = e[2];
  const reviews: unknown = e[3];
  const recalled: unknown = e[4];
  if (typeof key !== 'string' || !QUARTER.test(key)) return null;
  if (!isCount(answers) || !isCount(correct) || !isCount(reviews) || !isCount(recalled)) return null;
  if (correct > answers || recalled > reviews || answers + reviews === 0) return null;
  return [key, { answers, correct, reviews, recalled }];
}

function flagFromJson(f: unknown): Flag | null {
  if (!isObject(f) || typeof f.reason !== 'string' || typeof f.bank !== 'string' || typeof f.at !== 'string' || !toDate(f.at)) return null;
  return { reason: f.reason, at: f.at, bank: f.bank };
}

function suspensionFromJson(v: unknown): Suspension | null {
  if (!isObject(v) || typeof v.suspended !== 'boolean' || typeof v.at !== 'string' || !toDate(v.at)) return null;
  return { suspended: v.suspended, at: v.at };
}

const isEntry = (e: unknown): e is [string, unknown] => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && e[0] !== '';

/** [key, value] entries as a map, each value read by `read`; null when any entry is malformed, repeated or refused. */
function entryMap<T>(list: unknown[], read: (value: unknown, key: string) => T | null): Map<string, T> | null {
  const map = new Map<string, T>();
  for (const e of list) {
    if (!isEntry(e) || map.has(e[0])) return null;
    const value = read(e[1], e[0]);
    if (value === null) return null;
    map.set(e[0], value);
  }
  return map;
}

/**
 * The summary of a checkpoint, checked field by field: it comes from a file, and a file
 * can say anything. Anything off (a state the scheduler does not know, a negative count,
 * a date that cannot be printed, tallies that do not add up) gives null, never a throw.
 */
export function summaryFromJson(value: unknown): Summary | null {
  if (!isObject(value)) return null;
  const { cards: cardList, tallies: tallyList, quarters: quarterList, flags: flagList, lastTime, answers } = value;
  if (!Array.isArray(cardList) || !Array.isArray(tallyList) || !Array.isArray(quarterList) || !Array.isArray(flagList) || !isCount(answers)) return null;
  if (lastTime !== null && !isFiniteNumber(lastTime)) return null;
  const tallies = entryMap(tallyList, tallyFromJson);
  if (!tallies) return null;
  let attempts = 0;
  let answered = 0;
  let correct = 0;
  for (const t of tallies.values()) {
    attempts += t.attempts;
    answered += t.answered;
    correct += t.correct;
  }
  if (attempts !== answers) return null;
  const cards = entryMap(cardList, (value, id) => {
    const card = cardFromJson(value);
    const tally = tallies.get(id);
    return card && tally && card.reps <= tally.attempts ? card : null;
  });
  if (!cards) return null;
  // The quarter hours hold every answer and right answer the tallies hold, no more, no less.
  const quarters = new Map<string, QuarterTally>();
  let reviews = 0;
  for (const e of quarterList) {
    const q = quarterFromJson(e);
    if (!q || quarters.has(q[0])) return null;
    answered -= q[1].answers;
    correct -= q[1].correct;
    reviews += q[1].reviews;
    quarters.set(q[0], q[1]);
  }
  if (answered !== 0 || correct !== 0 || reviews > answers) return null;
  const flags = entryMap(flagList, flagFromJson);
  if (!flags) return null;
  if ((answers === 0) !== (lastTime === null)) return null;
  const suspensionList = value.suspensions;
  if (!Array.isArray(suspensionList)) return null;
  const suspensions = entryMap(suspensionList, suspensionFromJson);
  if (!suspensions) return null;
  return { cards, tallies, quarters, flags, lastTime: lastTime ?? -Infinity, answers, suspensions };
}
