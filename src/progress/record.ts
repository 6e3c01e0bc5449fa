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
  return typeof at === 'string' ? Date.parse(at) : NaN;
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

/** A new record id. node:crypto is loaded when the first record is made, not at start-up, where loading it showed in the profile. */
export function newRecordId(): string {
  return process.getBuiltinModule('node:crypto').randomUUID();
}
