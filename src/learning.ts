import type { Grade } from './progress/record.js';

/**
 * The schedule as the session sees it while it runs: the same FSRS fold as the log's
 * replay (progress/summary.ts), applied answer by answer in memory, so the learner is told
 * when each question comes back and a miss can return within the session once its short
 * learning step (ts-fsrs's learning steps, 1 and 10 minutes) is due, as in Anki.
 */
export interface SessionSchedule {
  /** Apply a graded answer; when the question is due next, or null when the schedule is not changed. */
  answer(id: string, grade: Grade | null, at: Date): Date | null;
  /** Take the last answer to this question back. */
  undo(id: string): void;
  /** When every known question is due next, leaving out these (questions suspended in the session). */
  dueDates(except?: ReadonlySet<string>): Date[];
  /** How many times a question was forgotten after it was learned (FSRS lapses), as of now. */
  lapses?(id: string): number;
}

/** A schedule that never changes (cram, exams, tests): nothing is due again in the session. */
export const fixedSchedule: SessionSchedule = { answer: () => null, undo: () => undefined, dueDates: () => [] };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "in 10 min", "in 3 h", "tomorrow", "in 4 days": when a question comes back. */
export function whenText(due: Date, now: Date): string {
  const ms = due.getTime() - now.getTime();
  if (ms < MINUTE) return 'in under a minute';
  if (ms < HOUR) return `in ${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) return `in ${Math.round(ms / HOUR)} h`;
  const days = Math.round(ms / DAY);
  return days === 1 ? 'tomorrow' : `in ${days} days`;
}

export interface DueOutlook {
  /** Due within the next hour. */
  soon: number;
  /** Due by the end of tomorrow (local time), after the next hour. */
  tomorrow: number;
  /** Due within the next 7 days, after tomorrow. */
  week: number;
}

/** How many questions come due soon, tomorrow and this week, for the end of a session. */
export function dueOutlook(dues: readonly Date[], now: Date): DueOutlook {
  const endOfTomorrow = new Date(now);
  endOfTomorrow.setHours(24 + 24, 0, 0, 0);
  const soon = now.getTime() + HOUR;
  const week = now.getTime() + 7 * DAY;
  const out: DueOutlook = { soon: 0, tomorrow: 0, week: 0 };
  for (const d of dues) {
    const t = d.getTime();
    if (t <= soon) out.soon++;
    else if (t <= endOfTomorrow.getTime()) out.tomorrow++;
    else if (t <= week) out.week++;
  }
  return out;
}
