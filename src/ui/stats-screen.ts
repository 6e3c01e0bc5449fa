import { addDays as addDaysTo, calendarGrid, monthLabels, PLAIN_SHADES, renderCalendar } from '../calendar.js';
import type { GroupStats, Stats } from '../stats.js';
import { colorEnabled, style } from './output.js';
import { displayWidth, padEndCells, truncateCells, wrapItems } from './width.js';

/**
 * The text of `mlops-drill stats`, fitted to a width in cells: bars grow and shrink with
 * the terminal and go when there is no room, names are shortened with …, and the
 * forecast wraps between days, never inside one.
 */

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const percent = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);

function bar(fraction: number, width: number): string {
  const full = Math.round(fraction * width);
  return style.good('█'.repeat(full)) + style.dim('░'.repeat(Math.max(0, width - full)));
}

/** A table of groups: name, a bar of the part seen with its count, right answers, mastered. */
function groupTable(title: string, groups: GroupStats[], width: number): string[] {
  const counts = groups.map((g) => `${g.seen}/${g.total}`);
  const countW = Math.max(4, ...counts.map((c) => c.length));
  const tail = (seen: string, right: string, mastered: string) => `${seen.padStart(countW)}  ${right.padStart(5)}  ${mastered.padStart(8)}`;
  const tailW = countW + 2 + 5 + 2 + 8;
  const nameW = Math.max(title.length, ...groups.map((g) => displayWidth(g.name)));
  // Room left for the bar after the indent, the names and the gaps; no bar under 6 cells.
  const room = width - 2 - nameW - 2 - 2 - tailW;
  const barW = room >= 6 ? Math.min(30, room) : 0;
  const nameCells = barW > 0 ? nameW : Math.max(6, Math.min(nameW, width - 2 - 2 - tailW));
  // With a bar, "seen" heads the bar and its count; without, the count alone.
  const header = style.dim(
    `  ${padEndCells(truncateCells(title, nameCells), nameCells)}  ${barW > 0 ? padEndCells('seen', barW) + '  ' + tail('', 'right', 'mastered') : tail('seen', 'right', 'mastered')}`,
  );
  const rows = groups.map((g, i) => {
    const start = `  ${padEndCells(truncateCells(g.name, nameCells), nameCells)}  ${barW > 0 ? bar(g.total ? g.seen / g.total : 0, barW) + '  ' : ''}`;
    return start + tail(counts[i]!, percent(g.accuracy), String(g.mastered));
  });
  return [header, ...rows];
}

/**
 * The review calendar (GitHub-style, one cell a day, as many of the last 26 weeks as fit),
 * answers per day and the true retention of the last 30 days. With colour, cells are
 * shaded squares; without (NO_COLOR, --plain, a pipe), the shade is in the character.
 */
function calendarSection(s: Stats, width: number): string[] {
  const cells = calendarGrid(s.days, s.today, width - 2);
  const weeks = cells[0]?.length ?? 0;
  const lines = [style.heading(`Calendar, last ${plural(weeks, 'week')}`)];
  if (s.days.length === 0) return [...lines, '  no answers yet: each day you practise fills a cell'];
  const color = colorEnabled();
  const paint = (text: string, level: number) => (color ? style.shade('■', level) : text);
  lines.push(style.dim(`  ${monthLabels(cells)}`), ...renderCalendar(cells, paint).map((l) => `  ${l}`));
  lines.push(`  ${style.dim('less')} ${PLAIN_SHADES.map((c, level) => paint(c, level)).join(' ')} ${style.dim('more')}`);

  const byDate = new Map(s.days.map((d) => [d.date, d.answers]));
  const last = (n: number) => Array.from({ length: n }, (_, i) => addDaysTo(s.today, i - n + 1));
  const week = last(7).map((d) => `${d.slice(5)} ${byDate.get(d) ?? 0}`);
  lines.push(...wrapItems(['answers, last 7 days:', ...week], width, '  ', '  ', '    '));
  const month = last(30).map((d) => byDate.get(d) ?? 0);
  const total = month.reduce((a, b) => a + b, 0);
  const practised = month.filter((n) => n > 0).length;
  lines.push(...wrapItems([`last 30 days: ${plural(total, 'answer')}`, `${plural(practised, 'day')} practised`, `${perDay(total / 30)} a day on average`], width, '  ', ' · ', '    '));
  const r = s.retention;
  const retention = [`true retention, last 30 days: ${percent(r.rate)}`, r.rate === null ? 'no reviews of learned questions yet' : `${r.recalled} of ${plural(r.reviews, 'review')} recalled`];
  lines.push(...wrapItems(retention, width, '  ', ' · ', '    '));
  return lines;
}

export function statsScreen(s: Stats, progressFile: string, width: number): string[] {
  const lines: string[] = [];
  lines.push(style.heading('Overall'));
  const overall = [`${s.seen} of ${s.questions} questions seen`, plural(s.answered, 'answer'), `${percent(s.accuracy)} right`, `${s.mastered} mastered`];
  // Days count answers to any bank; a deck nobody has answered yet (skips are no answers) has no streak to show.
  if (s.answered > 0 && s.streakDays > 0) overall.push(`streak ${plural(s.streakDays, 'day')}`);
  if (s.suspended > 0) overall.push(`${s.suspended} suspended`);
  lines.push(...wrapItems(overall, width, '  ', ' · '));
  if (s.flagged.count > 0) lines.push(...wrapItems([`${plural(s.flagged.count, 'question')} flagged:`, 'mlops-drill list --flagged'], width, '  ', ' ', '    '));
  lines.push('', style.heading('By difficulty'), ...groupTable('difficulty', s.byDifficulty, width));
  lines.push('', style.heading('By topic'), ...groupTable('topic', s.byTopic, width));

  lines.push('', style.heading('Reviews'));
  const today = s.forecast[0]?.due ?? 0;
  lines.push(`  due now: ${s.dueNow}`);
  lines.push(`  due later today: ${Math.max(0, today - s.dueNow)}`);
  const days = s.forecast.slice(1).map((f) => `${f.date.slice(5)} ${f.due}`);
  lines.push(...wrapItems(['next 6 days:', ...days], width, '  ', '  ', '    '));

  lines.push('', ...calendarSection(s, width));

  if (s.weakest.length) {
    lines.push('', style.heading('Weakest questions'));
    const idW = Math.min(Math.max(...s.weakest.map((w) => displayWidth(w.id))), Math.max(12, width - 2 - 14));
    const results = s.weakest.map((w) => `${w.correct}/${w.answered}`);
    const resW = Math.max(5, ...results.map((r) => r.length));
    const fixed = 2 + idW + 2 + resW + 2 + 5 + 2;
    const titleW = width - fixed;
    lines.push(style.dim(`  ${padEndCells('id', idW)}  ${'right'.padStart(resW)}  ${'leech'}${titleW >= 8 ? '  title' : ''}`));
    s.weakest.forEach((w, i) => {
      const id = padEndCells(truncateCells(w.id, idW), idW);
      const leech = w.leech ? style.bad('leech') : '     ';
      const title = titleW >= 8 ? `  ${truncateCells(w.title, titleW)}` : '';
      lines.push(`  ${id}  ${results[i]!.padStart(resW)}  ${leech}${title}`.trimEnd());
    });
  }
  // The path is printed whole when it fits (`mlops-drill progress path` prints it always).
  const path = displayWidth(progressFile) <= width ? progressFile : `…${[...progressFile].slice(-(width - 1)).join('')}`;
  lines.push('', ...wrapItems(['Progress file:', path], width, '', ' ').map((l) => style.dim(l)));
  return lines;
}

/** An average of answers a day: 'under 1' rather than a 0 that reads as no practice at all. */
function perDay(average: number): string {
  return average > 0 && average < 0.5 ? 'under 1' : String(Math.round(average));
}
