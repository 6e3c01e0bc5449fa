import type { Difficulty, QuestionType } from '../bank/question.js';
import type { Result } from '../progress/record.js';
import { style } from './output.js';
import { displayWidth, padEndCells, truncateCells, wrapItems } from './width.js';

/**
 * The text of `mlops-drill list`, fitted to a width in cells: a header, aligned columns,
 * titles shortened with …, and a legend for the marks. When the ids leave no room for a
 * title (narrow terminals), each question takes two lines.
 */

export interface ListRow {
  id: string;
  title: string;
  difficulty: Difficulty;
  /** The file gives no difficulty: shown as unrated (filters count it as medium). */
  unrated?: boolean;
  type: QuestionType;
  last: Result | null;
  due: boolean;
  leech: boolean;
  /** Set aside with `mlops-drill suspend`: not asked until unsuspended. */
  suspended: boolean;
}

const MARK: Record<Result | 'none', { text: string; paint: (s: string) => string; meaning: string }> = {
  correct: { text: '✔', paint: style.good, meaning: 'right last time' },
  incorrect: { text: '✘', paint: style.bad, meaning: 'missed last time' },
  skipped: { text: '–', paint: style.dim, meaning: 'skipped' },
  none: { text: '·', paint: style.dim, meaning: 'not asked yet' },
};

const MIN_TITLE = 12;

export function listScreen(rows: ListRow[], width: number, leechLapses: number): string[] {
  const idW = Math.max(2, ...rows.map((r) => displayWidth(r.id)));
  // The due column says `susp` for a suspended question: it is not asked, due or not.
  const cols = (diff: string, type: string, due: string, leech: string) => `${diff.padEnd(7)}  ${type.padEnd(6)}  ${due.padEnd(4)}  ${leech.padEnd(5)}`;
  const colsW = 7 + 2 + 6 + 2 + 4 + 2 + 5;
  const wide = 2 + idW + 2 + colsW + 2 + MIN_TITLE <= width;
  const lines: string[] = [];
  const paintCols = (r: ListRow) => {
    const plain = cols(r.unrated ? 'unrated' : r.difficulty, r.type, r.suspended ? 'susp' : r.due ? 'due' : '', r.leech ? 'leech' : '');
    // Colour after padding: escape sequences take no cells but would upset the padding.
    return plain
      .replace(/^(easy|medium|hard)/, (d) => style.difficulty(d))
      .replace(/^unrated/, (d) => style.dim(d))
      .replace(/\bdue\b/, (d) => style.warn(d))
      .replace(/\bsusp\b/, (d) => style.dim(d))
      .replace(/\bleech\b/, (l) => style.bad(l));
  };
  const mark = (r: ListRow) => {
    const m = MARK[r.last ?? 'none'];
    return m.paint(m.text);
  };
  if (wide) {
    const titleW = width - (2 + idW + 2 + colsW + 2);
    lines.push(style.dim(`  ${padEndCells('id', idW)}  ${cols('level', 'type', 'due', 'leech')}  title`));
    for (const r of rows) lines.push(`${mark(r)} ${padEndCells(r.id, idW)}  ${paintCols(r)}  ${truncateCells(r.title, titleW)}`.trimEnd());
  } else {
    // Two lines per question: the id, then its columns and as much title as fits.
    const titleW = width - (4 + colsW + 2);
    lines.push(style.dim('  id'), style.dim(`    ${cols('level', 'type', 'due', 'leech')}${titleW >= 6 ? '  title' : ''}`));
    for (const r of rows) {
      lines.push(`${mark(r)} ${truncateCells(r.id, width - 2)}`);
      lines.push(`    ${paintCols(r)}${titleW >= 6 ? `  ${truncateCells(r.title, titleW)}` : ''}`.trimEnd());
    }
  }
  const legend = [...Object.values(MARK).map((m) => `${m.text} ${m.meaning}`), 'due: due for review now', `leech: forgotten ${leechLapses} times or more`];
  // Said only when there is one: most learners never suspend anything.
  if (rows.some((r) => r.suspended)) legend.push('susp: suspended (see: unsuspend)');
  lines.push('', ...wrapItems(legend, width, '', ' · ').map((l) => style.dim(l)));
  return lines;
}
