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

export type LogRecord = AnswerRecord | UndoRecord | FlagRecord;

export interface LogRead {
  records: LogRecord[];
  /** 1-based line numbers of lines that are not records (torn tail excluded). */
  badLines: number[];
  /** The last line was cut off mid-write (no newline and not a record). */
  tornTail: boolean;
  /** Some record carries a version newer than this program knows. */
  newerVersion: number | null;
  /** Nothing in the file is a record, yet it is not empty: not our file, or destroyed. */
  foreign: boolean;
}

const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isDate = (v: unknown): v is string => isStr(v) && !Number.isNaN(Date.parse(v));

export function toRecord(value: unknown): LogRecord | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const r = value as Record<string, unknown>;
  if (!isNum(r.v) || !isStr(r.rid) || !isDate(r.at) || !isStr(r.session)) return null;
  if (r.kind === 'undo') {
    return isStr(r.undoes) ? (r as unknown as UndoRecord) : null;
  }
  if (r.kind === 'flag') {
    return isStr(r.id) && typeof r.bank === 'string' && typeof r.reason === 'string' ? (r as unknown as FlagRecord) : null;
  }
  if (r.kind !== 'answer') return null;
  if (!isStr(r.id) || typeof r.bank !== 'string') return null;
  if (!(RESULTS as readonly unknown[]).includes(r.result)) return null;
  if (r.grade !== null && !(GRADES as readonly unknown[]).includes(r.grade)) return null;
  if (!(MODES as readonly unknown[]).includes(r.mode)) return null;
  if (!isNum(r.hints) || !isNum(r.seconds) || typeof r.revealed !== 'boolean') return null;
  return { ...(r as unknown as AnswerRecord), nearMiss: r.nearMiss === true };
}

/** Pure: the text of a log file to its records and what was wrong with it. */
export function readLogText(text: string): LogRead {
  const records: LogRecord[] = [];
  const badLines: number[] = [];
  let tornTail = false;
  let newerVersion: number | null = null;
  let nonEmpty = 0;
  const lines = text.split('\n');
  const endsClean = text.endsWith('\n') || text === '';
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    nonEmpty++;
    const isLast = i === lines.length - 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      if (isLast && !endsClean) tornTail = true;
      else badLines.push(i + 1);
      return;
    }
    const v = (parsed as { v?: unknown } | null)?.v;
    if (typeof v === 'number' && v > LOG_VERSION) {
      newerVersion = Math.max(newerVersion ?? 0, v);
      return;
    }
    const record = toRecord(parsed);
    // A line that parses is complete, so it was not torn: a cut-off record is never valid JSON.
    if (record) records.push(record);
    else badLines.push(i + 1);
  });
  // A lone unparsable line with no newline is only a torn write if it starts like one of ours;
  // otherwise (random bytes, another program's file) the file must be set aside, not appended to.
  const tornOnlyForeign = tornTail && !lines[lines.length - 1]!.startsWith('{"v":');
  const foreign = nonEmpty > 0 && records.length === 0 && newerVersion === null && (badLines.length > 0 || tornOnlyForeign);
  return { records, badLines, tornTail, newerVersion, foreign };
}

/** Answers still in force: undone answers removed, in log order. */
export function effectiveAnswers(records: LogRecord[]): AnswerRecord[] {
  const undone = new Set<string>();
  for (const r of records) if (r.kind === 'undo') undone.add(r.undoes);
  return records.filter((r): r is AnswerRecord => r.kind === 'answer' && !undone.has(r.rid));
}

export function serialise(record: LogRecord): string {
  return JSON.stringify(record) + '\n';
}
