import { countToday } from './daily.js';

/**
 * `mlops-drill due`: how many reviews are due and how many new questions today's limit still
 * allows, as one line for a shell prompt or a login message, or as JSON. Pure: from the
 * bank's ids and each question's schedule (see progress/due-cache.ts) to figures and text.
 */

/** What `due` needs of a question's schedule: when it is due, and its first and latest graded answer. */
export interface DueEntry {
  /** Epoch ms. */
  due: number;
  firstGradedAt: string | null;
  lastGradedAt: string | null;
}

export interface DueSettings {
  newPerDay: number;
  reviewsPerDay: number | null;
  dayStartsAt: number;
}

/** The shape of `due --json` (README "JSON output"). */
export interface DueReport {
  /** Reviews due now among the bank's questions. */
  due: number;
  /** New questions the drill may still introduce today: what the new-per-day limit leaves, at most those not yet learned. */
  new: number;
  /** Reviews the reviews-per-day limit still allows today; null without that limit. */
  reviewsLeft: number | null;
  /** Questions of the bank never graded (the drill's "new"). */
  unseen: number;
  questions: number;
  newToday: number;
  newPerDay: number;
  reviewsToday: number;
  reviewsPerDay: number | null;
  /** The next review after now (ISO 8601), or null. */
  nextDue: string | null;
}

export function dueReport(ids: Iterable<string>, schedule: ReadonlyMap<string, DueEntry>, now: Date, settings: DueSettings): DueReport {
  const t = now.getTime();
  let due = 0;
  let unseen = 0;
  let questions = 0;
  let next = Infinity;
  for (const id of new Set(ids)) {
    questions++;
    const e = schedule.get(id);
    if (!e) unseen++;
    else if (e.due <= t) due++;
    else next = Math.min(next, e.due);
  }
  // Daily limits count every graded question of the log, in any bank, as the drill does.
  const { newToday, reviewsToday } = countToday(schedule.values(), now, settings.dayStartsAt);
  const newLeft = Math.max(0, settings.newPerDay - newToday);
  return {
    due,
    new: Math.min(unseen, newLeft),
    reviewsLeft: settings.reviewsPerDay === null ? null : Math.max(0, settings.reviewsPerDay - reviewsToday),
    unseen,
    questions,
    newToday,
    newPerDay: settings.newPerDay,
    reviewsToday,
    reviewsPerDay: settings.reviewsPerDay,
    nextDue: Number.isFinite(next) ? new Date(next).toISOString() : null,
  };
}

function inWords(ms: number): string {
  if (ms < 3_600_000) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h`;
  const days = Math.round(ms / 86_400_000);
  return `${days} day${days === 1 ? '' : 's'}`;
}

/**
 * "7 due · 3 new today": short enough for a prompt, and never a figure that needs explaining.
 * Nothing due says when the next review is; no new question left says why.
 */
export function dueLine(r: DueReport, now: Date): string {
  const cut = r.reviewsLeft !== null && r.reviewsLeft < r.due;
  const reviews = r.due === 0 ? 'nothing due' : cut ? `${r.due} due (${r.reviewsLeft} today)` : `${r.due} due`;
  let fresh: string;
  if (r.new > 0) fresh = `${r.new} new today`;
  else if (r.unseen === 0) fresh = r.questions === 0 ? 'no questions' : 'every question started';
  else if (r.newPerDay === 0) fresh = 'no new questions (new-per-day 0)';
  else fresh = `today's ${r.newPerDay} new done`;
  const parts = [reviews, fresh];
  if (r.due === 0 && r.new === 0 && r.nextDue !== null) parts.push(`next review in ${inWords(Date.parse(r.nextDue) - now.getTime())}`);
  return parts.join(' · ');
}
