/**
 * Daily limits: how many new questions and reviews the drill may still give today, counted
 * from the log per learning day (see config/day.ts), so they hold across sessions, restarts
 * and machines that sync.
 */
import { learningDay } from './config/day.js';
import type { AnswerRecord } from './progress/record.js';

export interface DayCounts {
  /** Questions whose first graded answer fell today. */
  newToday: number;
  /** Questions introduced before today that were graded again today. */
  reviewsToday: number;
}

export function countToday(answers: readonly AnswerRecord[], now: Date, dayStartsAt: number): DayCounts {
  const today = learningDay(now, dayStartsAt);
  const first = new Map<string, number>();
  const gradedToday = new Set<string>();
  for (const a of answers) {
    if (a.grade === null || a.mode === 'cram') continue;
    const t = Date.parse(a.at);
    if (Number.isNaN(t)) continue;
    first.set(a.id, Math.min(first.get(a.id) ?? Infinity, t));
    if (learningDay(new Date(t), dayStartsAt) === today) gradedToday.add(a.id);
  }
  let newToday = 0;
  let reviewsToday = 0;
  for (const id of gradedToday) {
    if (learningDay(new Date(first.get(id)!), dayStartsAt) === today) newToday++;
    else reviewsToday++;
  }
  return { newToday, reviewsToday };
}

export interface Limits {
  newPerDay: number;
  reviewsPerDay: number | null;
}

export interface Limited<T> {
  due: T[];
  fresh: T[];
  /** What was held back today, one line each, with what is still possible. */
  notes: string[];
}

/** Trim the drill's due and new questions to what today's limits still allow. */
export function applyDailyLimits<T>(due: readonly T[], fresh: readonly T[], counts: DayCounts, limits: Limits): Limited<T> {
  const notes: string[] = [];
  const newLeft = Math.max(0, limits.newPerDay - counts.newToday);
  const reviewsLeft = limits.reviewsPerDay === null ? Infinity : Math.max(0, limits.reviewsPerDay - counts.reviewsToday);
  if (fresh.length > newLeft) {
    notes.push(
      newLeft === 0
        ? `today's ${limits.newPerDay} new questions are done; ${fresh.length} more wait for tomorrow (more today: mlops-drill config set new-per-day ${limits.newPerDay + 10})`
        : `${newLeft} of today's ${limits.newPerDay} new questions are left`,
    );
  }
  if (due.length > reviewsLeft) {
    const left = reviewsLeft === 0 ? `today's ${limits.reviewsPerDay} reviews are done` : `${reviewsLeft} of today's ${limits.reviewsPerDay} reviews are left`;
    notes.push(`${left}; ${due.length - reviewsLeft} due reviews wait for tomorrow (practise without scheduling: mlops-drill drill --cram)`);
  }
  return { due: due.slice(0, reviewsLeft), fresh: fresh.slice(0, newLeft), notes };
}
