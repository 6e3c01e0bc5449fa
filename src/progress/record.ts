/**
 * The progress log: one JSON object per line, appended, never rewritten in place.
 * What the learner knows is derived by reading it (see schedule.ts and stats.ts).
 */
export const LOG_VERSION = 1;

export const GRADES = ['again', 'hard', 'good', 'easy'] as const;
export type Grade = (typeof GRADES)[number];
export const RESULTS = ['correct', 'incorrect', 'skipped'] as const;
export type Result = (typeof RESULTS)[number];
export const MODES = ['drill', 'review', 'cram', 'exam'] as const;
export type Mode = (typeof MODES)[number];

export interface AnswerRecord {
  v: number;
  kind: 'answer';
  /** Unique per record: lets an undo name it and an import skip what is already there. */
  rid: string;
  at: string;
  session: string;
  bank: string;
  id: string;
  result: Result;
  /** The grade fed to the scheduler; null when skipped before trying (no review happened). */
  grade: Grade | null;
  hints: number;
  revealed: boolean;
  nearMiss: boolean;
  seconds: number;
  mode: Mode;
}

export interface UndoRecord {
  v: number;
  kind: 'undo';
  rid: string;
  at: string;
  session: string;
  /** rid of the answer taken back. */
  undoes: string;
}

/** The learner flagged a question as confusing or wrong, with one line of reason. */
export interface FlagRecord {
  v: number;
  kind: 'flag';
  rid: string;
  at: string;
  session: string;
  bank: string;
  id: string;
  reason: string;
}

/**
 * The learner set a question aside (`suspend`: it is not asked until brought back) or brought
 * it back (`unsuspend`). For each question the latest of these, in time order, holds (ties: the
 * later line). Written by `mlops-drill suspend`/`unsuspend` and by the drill's leech action.
 */
export interface SuspendRecord {
  v: number;
  kind: 'suspend' | 'unsuspend';
  rid: string;
  at: string;
  session: string;
  bank: string;
  id: string;
}

export type LogRecord = AnswerRecord | UndoRecord | FlagRecord | SuspendRecord;

const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const known = (list: readonly string[], v: unknown) => (list as readonly unknown[]).includes(v);

/**
 * A line that is a record of this log version but of a kind, or with a value, this
 * program does not know: written by a newer mlops-drill that added one (a new record
 * kind, a new result). It stays in the file and is skipped, like a field we do not read.
 */
export const UNKNOWN = 'unknown' as const;

/** One parsed JSON value to a record, UNKNOWN (v1 but from a newer writer), or null (not a record). */
export function classify(value: unknown): LogRecord | typeof UNKNOWN | null {
  return classifyAt(value, timeOf(value));
}

/** The time of a parsed value's `at` (ms), NaN when it has none: parsed once, for classifyAt and the reader's date check. */
export function timeOf(value: unknown): number {
  const at = value !== null && typeof value === 'object' ? (value as { at?: unknown }).at : undefined;
  return typeof at === 'string' ? parseTime(at) : NaN;
}

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Date.parse, quicker for the form every record is written in (toISOString's, to the
 * millisecond, in UTC): a long log has one per line. A well-formed date of that form is
 * Date.UTC of its fields, by the definition of the format; anything else goes to Date.parse.
 */
export function parseTime(at: string): number {
  if (at.length === 24 && at.charCodeAt(4) === 45 && at.charCodeAt(7) === 45 && at.charCodeAt(10) === 84 && at.charCodeAt(13) === 58 && at.charCodeAt(16) === 58 && at.charCodeAt(19) === 46 && at.charCodeAt(23) === 90) {
    const year = digit(at, 0) * 1000 + digit(at, 1) * 100 + digit(at, 2) * 10 + digit(at, 3);
    const month = digit(at, 5) * 10 + digit(at, 6);
    const day = digit(at, 8) * 10 + digit(at, 9);
    const hour = digit(at, 11) * 10 + digit(at, 12);
    const minute = digit(at, 14) * 10 + digit(at, 15);
    const second = digit(at, 17) * 10 + digit(at, 18);
    const ms = digit(at, 20) * 100 + digit(at, 21) * 10 + digit(at, 22);
    // Years from 100 (Date.UTC reads 0 to 99 as 1900 to 1999), NaN (a non-digit) fails every test.
    if (year >= 100 && month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0) {
      const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
      if (day <= DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return Date.parse(at);
}

/** classify, given `t`, the timeOf(value). */
export function classifyAt(value: unknown, t: number): LogRecord | typeof UNKNOWN | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const r = value as Record<string, unknown>;
  if (!isNum(r.v) || !isStr(r.rid) || !isStr(r.at) || Number.isNaN(t) || !isStr(r.session) || !isStr(r.kind)) return null;
  if (r.kind === 'undo') return isStr(r.undoes) ? { v: r.v, kind: 'undo', rid: r.rid, at: r.at, session: r.session, undoes: r.undoes } : null;
  if (r.kind === 'flag') {
    return isStr(r.id) && typeof r.bank === 'string' && typeof r.reason === 'string'
      ? { v: r.v, kind: 'flag', rid: r.rid, at: r.at, session: r.session, bank: r.bank, id: r.id, reason: r.reason }
      : null;
  }
  if (r.kind === 'suspend' || r.kind === 'unsuspend') {
    return isStr(r.id) && typeof r.bank === 'string' ? { v: r.v, kind: r.kind, rid: r.rid, at: r.at, session: r.session, bank: r.bank, id: r.id } : null;
  }
  if (r.kind !== 'answer') return UNKNOWN;
  if (!isStr(r.id) || typeof r.bank !== 'string') return null;
  if (!isNum(r.hints) || !isNum(r.seconds) || typeof r.revealed !== 'boolean') return null;
  if (!isStr(r.result) || !isStr(r.mode) || (r.grade !== null && !isStr(r.grade))) return null;
  if (!known(RESULTS, r.result) || !known(MODES, r.mode) || (r.grade !== null && !known(GRADES, r.grade))) return UNKNOWN;
  // The value itself when nearMiss is already a boolean (every record mlops-drill writes): a copy would
  // be the same object, at the cost of one more per record of a long log. The value is the caller's fresh parse.
  if (typeof r.nearMiss === 'boolean') return r as unknown as AnswerRecord;
  return { ...(r as unknown as AnswerRecord), nearMiss: r.nearMiss === true };
}

/** A record this program can use, or null. */
export function toRecord(value: unknown): LogRecord | null {
  const c = classify(value);
  return c === UNKNOWN ? null : c;
}

/** Answers still in force: undone answers removed, in log order. */
export function effectiveAnswers(records: readonly LogRecord[]): AnswerRecord[] {
  const undone = new Set<string>();
  for (const r of records) if (r.kind === 'undo') undone.add(r.undoes);
  return records.filter((r): r is AnswerRecord => r.kind === 'answer' && !undone.has(r.rid));
}

export function serialise(record: LogRecord): string {
  return JSON.stringify(record) + '\n';
}
