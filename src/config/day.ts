/**
 * The learning day: like Anki's, it starts at a local hour (`day-starts-at`, default 4), so a
 * session at 1 a.m. still counts for the evening before. Streaks, daily limits and the calendar
 * all use it, in the learner's own time zone (the TZ of the process).
 */

/** `YYYY-MM-DD` of the learning day that `at` falls in. */
export function learningDay(at: Date, dayStartsAt: number): string {
  const shifted = new Date(at.getFullYear(), at.getMonth(), at.getDate(), at.getHours() - dayStartsAt, at.getMinutes(), at.getSeconds(), at.getMilliseconds());
  return localDate(shifted);
}

/** The moment the learning day after the one holding `at` begins. */
export function nextDayStart(at: Date, dayStartsAt: number): Date {
  const key = learningDay(at, dayStartsAt);
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + 1, dayStartsAt, 0, 0, 0);
}

export function localDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}
