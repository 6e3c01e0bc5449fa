/**
 * The review calendar of `stats`: answers per learning day, the true retention of the last
 * 30 days, and a GitHub-style grid of the last 26 weeks. Pure functions; the grid is plain
 * characters, coloured by the caller when colour is on.
 */
import { learningDay } from './config/day.js';
import type { AnswerRecord } from './progress/record.js';

export interface DayTotal {
  date: string;
  answers: number;
  correct: number;
}

/** Answers and right answers per learning day, oldest first (cram included: it is practice). */
export function answersPerDay(answers: readonly AnswerRecord[], dayStartsAt: number): DayTotal[] {
  const byDay = new Map<string, DayTotal>();
  for (const a of answers) {
    const t = Date.parse(a.at);
    if (Number.isNaN(t)) continue;
    const date = learningDay(new Date(t), dayStartsAt);
    const d = byDay.get(date) ?? { date, answers: 0, correct: 0 };
    d.answers++;
    if (a.result === 'correct') d.correct++;
    byDay.set(date, d);
  }
  return [...byDay.values()].sort((x, y) => (x.date < y.date ? -1 : 1));
}

/**
 * True retention: of the reviews in the last `days` learning days of questions already
 * learned (graded on an earlier day), the share answered right. Null with no such review.
 */
export function trueRetention(answers: readonly AnswerRecord[], now: Date, dayStartsAt: number, days = 30): { reviews: number; retention: number | null } {
  const since = learningDay(new Date(now.getTime() - (days - 1) * 86_400_000), dayStartsAt);
  const graded = answers
    .filter((a) => a.grade !== null && a.mode !== 'cram' && !Number.isNaN(Date.parse(a.at)))
    .map((a) => ({ a, t: Date.parse(a.at) }))
    .sort((x, y) => x.t - y.t);
  const firstDay = new Map<string, string>();
  let reviews = 0;
  let right = 0;
  for (const { a, t } of graded) {
    const day = learningDay(new Date(t), dayStartsAt);
    const first = firstDay.get(a.id);
    if (first === undefined) {
      firstDay.set(a.id, day);
      continue;
    }
    if (first === day || day < since) continue;
    reviews++;
    if (a.result === 'correct') right++;
  }
  return { reviews, retention: reviews === 0 ? null : right / reviews };
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
export function calendarGrid(totals: readonly DayTotal[], today: string, width: number, maxWeeks = 26): CalendarCell[][] {
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
