/**
 * The review calendar of `stats`: answers per learning day, the true retention of the last
 * 30 days, and a GitHub-style grid of the last 26 weeks, all from the fold's quarter hours
 * (so a long log costs nothing more here). Pure functions; the grid is plain characters,
 * coloured by the caller when colour is on.
 */
import { learningDay, nextDayStart } from './config/day.js';
import { quarterOf, type QuarterTally } from './progress/summary-data.js';

export interface DayTotal {
  date: string;
  answers: number;
  correct: number;
  /** Reviews of questions already learned, and how many of them were recalled (see QuarterTally). */
  reviews: number;
  recalled: number;
}

/** `YYYY-MM-DD` plus `n` days: calendar arithmetic on the date itself, free of time zones and clock changes. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * The fold's UTC quarter hours gathered into learning days (local time zone, day starting
 * at `dayStartsAt`), oldest first. Exact for every zone whose offset is a multiple of 15 minutes.
 */
export function dayTotals(quarters: ReadonlyMap<string, QuarterTally>, dayStartsAt: number): DayTotal[] {
  const byDay = new Map<string, DayTotal>();
  // Local-time conversions are slow, and a long log has thousands of quarter hours: the learning
  // day found for one quarter is kept for every quarter between its start and the next one's.
  // Keys are compared as text (ISO order is time order): a day's bounds fall on quarter hours
  // wherever the offset is a multiple of 15 minutes, so `from <= key < to` is exact.
  let from = '';
  let to = '';
  let d: DayTotal | undefined;
  for (const [key, q] of quarters) {
    if (!(key >= from && key < to) || !d) {
      const at = new Date(`${key}:00.000Z`);
      const date = learningDay(at, dayStartsAt);
      const [y, m, day] = date.split('-').map(Number) as [number, number, number];
      from = quarterOf(new Date(y, m - 1, day, dayStartsAt).getTime());
      to = quarterOf(nextDayStart(at, dayStartsAt).getTime());
      d = byDay.get(date);
      if (!d) byDay.set(date, (d = { date, answers: 0, correct: 0, reviews: 0, recalled: 0 }));
    }
    d.answers += q.answers;
    d.correct += q.correct;
    d.reviews += q.reviews;
    d.recalled += q.recalled;
  }
  return [...byDay.values()].sort((x, y) => (x.date < y.date ? -1 : 1));
}

export interface Retention {
  /** Learning days counted, ending today. */
  days: number;
  /** The first of them. */
  since: string;
  reviews: number;
  recalled: number;
  /** recalled / reviews; null with no review. */
  rate: number | null;
}

/**
 * True retention: of the reviews of questions already learned in the last `days` learning
 * days (today included), the share recalled. New questions and learning steps do not count.
 */
export function trueRetention(totals: readonly DayTotal[], today: string, days = 30): Retention {
  const since = addDays(today, -(days - 1));
  let reviews = 0;
  let recalled = 0;
  for (const t of totals) {
    if (t.date < since || t.date > today) continue;
    reviews += t.reviews;
    recalled += t.recalled;
  }
  return { days, since, reviews, recalled, rate: reviews === 0 ? null : recalled / reviews };
}

/** Shades from no answer to many, for a terminal without colour. */
export const PLAIN_SHADES = ['·', '░', '▒', '▓', '█'] as const;

export interface CalendarCell {
  date: string;
  answers: number;
  /** 0 (none) to 4 (the busiest days), relative to the busiest day shown. */
  level: number;
  future: boolean;
}

/**
 * Weeks as columns (oldest left), days as rows from Monday. As many weeks as fit in `width`
 * cells, at most `maxWeeks`: each column is two cells wide, after a 4-cell day label.
 */
export function calendarGrid(totals: readonly Pick<DayTotal, 'date' | 'answers'>[], today: string, width: number, maxWeeks = 26): CalendarCell[][] {
  const weeks = Math.max(1, Math.min(maxWeeks, Math.floor((width - 4) / 2)));
  const byDate = new Map(totals.map((t) => [t.date, t.answers]));
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const todayUtc = Date.UTC(y, m - 1, d);
  const weekday = (new Date(todayUtc).getUTCDay() + 6) % 7; // Monday 0
  const start = todayUtc - (weekday + (weeks - 1) * 7) * 86_400_000;
  const cells: CalendarCell[][] = Array.from({ length: 7 }, () => []);
  let busiest = 0;
  for (let i = 0; i < weeks * 7; i++) {
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    busiest = Math.max(busiest, byDate.get(date) ?? 0);
  }
  for (let w = 0; w < weeks; w++) {
    for (let day = 0; day < 7; day++) {
      const date = new Date(start + (w * 7 + day) * 86_400_000).toISOString().slice(0, 10);
      const answers = byDate.get(date) ?? 0;
      const level = answers === 0 ? 0 : Math.min(4, 1 + Math.floor((3 * answers) / Math.max(1, busiest)));
      cells[day]!.push({ date, answers, level, future: date > today });
    }
  }
  return cells;
}

/** The grid as text lines; `paint` may colour a cell by its level. */
export function renderCalendar(cells: CalendarCell[][], paint: (text: string, level: number) => string = (t) => t): string[] {
  const labels = ['Mon', '   ', 'Wed', '   ', 'Fri', '   ', 'Sun'];
  return cells.map((row, day) => `${labels[day]} ${row.map((c) => (c.future ? ' ' : paint(PLAIN_SHADES[c.level]!, c.level))).join(' ')}`.trimEnd());
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The line above the grid: a month's name over the first week column in it, where there is room. */
export function monthLabels(cells: CalendarCell[][]): string {
  let line = '';
  let previous = '';
  const row = cells[0] ?? [];
  // The grid is 4 cells of day names, then 2 cells a week but the last.
  const gridWidth = 4 + 2 * row.length - 1;
  row.forEach((c, w) => {
    const month = c.date.slice(0, 7);
    const at = 4 + 2 * w;
    if (month !== previous && line.trimEnd().length < at && at + 3 <= gridWidth) line = line.padEnd(at) + MONTHS[Number(month.slice(5)) - 1]!;
    previous = month;
  });
  return line.trimEnd();
}
