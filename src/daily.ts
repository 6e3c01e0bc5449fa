/**
 * Daily limits: how many new questions and reviews the drill may still give today, counted
 * from the log per learning day (see config/day.ts), so they hold across sessions, restarts
 * and machines that sync.
 */
import { learningDay } from './config/day.js';

export interface DayCounts {
  /** Questions whose first graded answer fell today. */
  newToday: number;
  /** Questions introduced before today that were graded again today. */
  reviewsToday: number;
}

/** From each question's first and latest graded answer (the fold's tallies), today's counts. */
export function countToday(tallies: Iterable<{ firstGradedAt: string | null; lastGradedAt: string | null }>, now: Date, dayStartsAt: number): DayCounts {
  const today = learningDay(now, dayStartsAt);
  const dayOf = (at: string) => learningDay(new Date(at), dayStartsAt);
  let newToday = 0;
  let reviewsToday = 0;
  for (const t of tallies) {
    if (t.firstGradedAt === null || t.lastGradedAt === null || dayOf(t.lastGradedAt) !== today) continue;
    if (dayOf(t.firstGradedAt) === today) newToday++;
    else reviewsToday++;
  }
  return { newToday, reviewsToday };
}

export interface Limits {
  newPerDay: number;
  reviewsPerDay: number | null;
  /** How many questions the session takes at most: a limit it would not reach is not mentioned. */
  room?: number;
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
  const room = limits.room ?? Infinity;
  if (Math.min(fresh.length, Math.max(0, room - Math.min(due.length, reviewsLeft))) > newLeft) {
    notes.push(
      newLeft === 0
        ? `today's ${limits.newPerDay} new questions are done; ${fresh.length} more wait for tomorrow (more today: mlops-drill config set new-per-day ${limits.newPerDay + 10})`
        : `${newLeft} of today's ${limits.newPerDay} new questions are left`,
    );
  }
  if (Math.min(due.length, room) > reviewsLeft) {
    const left = reviewsLeft === 0 ? `today's ${limits.reviewsPerDay} reviews are done` : `${reviewsLeft} of today's ${limits.reviewsPerDay} reviews are left`;
    notes.push(`${left}; ${due.length - reviewsLeft} due reviews wait for tomorrow (practise without scheduling: mlops-drill drill --cram)`);
  }
  return { due: due.slice(0, reviewsLeft), fresh: fresh.slice(0, newLeft), notes };
}
