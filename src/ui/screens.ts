import type { Question } from '../bank/question.js';
import { titleRepeatsPrompt } from '../bank/title.js';
import type { DiffLine } from '../grade.js';
import { renderInlineText, renderMarkdown, wrap } from './markdown.js';
import { gutter, rule, style } from './output.js';

/** Text blocks the quiz prints: pure functions from data to lines. */

export function questionHeader(q: Question, index: number, total: number, width: number): string {
  const counter = style.dim(`Question ${index} of ${total}`);
  const meta = `${difficultyLabel(q)} · ${q.type} · ${q.topics.join(', ')}`;
  const title = titleRepeatsPrompt(q.title, q.prompt) ? '' : `${style.title(q.title)}\n`;
  return `${rule(Math.max(10, Math.min(width, 72)))}\n${counter}  ${meta}\n${title}`;
}

/** The difficulty as shown: "unrated" for a question whose file gives none (it is filtered as medium). */
export function difficultyLabel(q: Pick<Question, 'difficulty' | 'unrated'>): string {
  return q.unrated ? style.dim('unrated') : style.difficulty(q.difficulty);
}

/**
 * Where the content comes from and under which licence, so content under CC BY is shown with its
 * credit. A source is shown when it is a web address or the question names a licence; a bare
 * note such as "practice-set:topic-06" is the author's bookkeeping, not a credit.
 */
export function creditBlock(q: Pick<Question, 'source' | 'license'>): string {
  const source = q.source && (q.license || /^https?:\/\//.test(q.source)) ? `Source: ${q.source}` : '';
  const parts = [source, q.license ? `License: ${q.license}` : ''].filter((p) => p !== '');
  return parts.length === 0 ? '' : style.dim(parts.join(' · '));
}

export function questionBody(q: Question, width: number): string {
  return renderMarkdown(q.prompt, width);
}

export function hintBlock(hint: string, n: number, total: number, width: number): string {
  return `${style.warn(`Hint ${n} of ${total}:`)}\n${indent(renderMarkdown(hint, width - 2))}`;
}

export function choiceLabels(q: Question, order: number[]): string[] {
  return order.map((i) => renderInlineText(q.choices![i]!.text));
}

export function diffBlock(diff: DiffLine[]): string {
  const lines = [style.dim('  expected (−) and typed (+):')];
  for (const d of diff) {
    if (d.op === 'same') lines.push(`    ${d.text}`);
    else if (d.op === 'expected') lines.push(style.good(`  − ${d.text}`));
    else lines.push(style.bad(`  + ${d.text}`));
  }
  return lines.join('\n');
}

export function expectedOutputBlock(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${gutter()}${l}`)
    .join('\n');
}

export function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : by + l))
    .join('\n');
}

export function verdict(correct: boolean, label?: string): string {
  return correct ? style.good(`✔ ${label ?? 'Correct.'}`) : style.bad(`✘ ${label ?? 'Not quite.'}`);
}

export function section(title: string, markdown: string, width: number): string {
  return `${style.heading(title)}\n${indent(renderMarkdown(markdown, width - 2))}`;
}

/** "Read more" after the explanation: each primary source on its own line, the address dim. */
export function referencesBlock(refs: readonly { title: string; url: string }[]): string {
  if (refs.length === 0) return '';
  return [style.heading('Read more'), ...refs.map((r) => `  ${r.title === r.url ? '' : `${r.title} `}${style.dim(r.url)}`)].join('\n');
}

export function scoreLine(correct: number, answered: number): string {
  return style.dim(`Score so far: ${correct} of ${answered}`);
}

export interface SummaryRow {
  id: string;
  title: string;
  difficulty: string;
  correct: boolean;
  skipped: boolean;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function summaryBlock(rows: SummaryRow[], elapsedMs: number, width: number): string {
  if (rows.length === 0) return style.dim('No questions answered this time.');
  const answered = rows.filter((r) => !r.skipped);
  const correct = answered.filter((r) => r.correct).length;
  const pct = answered.length ? Math.round((100 * correct) / answered.length) : 0;
  const lines = [
    style.heading('Session summary'),
    `  ${correct} of ${answered.length} correct (${pct}%)` +
      (rows.length > answered.length ? `, ${rows.length - answered.length} skipped` : '') +
      ` · ${formatDuration(elapsedMs)}`,
  ];
  for (const d of ['easy', 'medium', 'hard']) {
    const of = answered.filter((r) => r.difficulty === d);
    if (of.length) lines.push(`  ${style.difficulty(d.padEnd(6))}  ${of.filter((r) => r.correct).length}/${of.length}`);
  }
  const again = rows.filter((r) => !r.correct);
  if (again.length) {
    lines.push(style.heading('Look at these again'));
    for (const r of again) lines.push(...wrap(`${r.title} ${style.dim(`(mlops-drill show ${r.id} --answer)`)}`, width, '  • ').map((l, i) => (i === 0 ? l : '    ' + l.slice(4))));
  }
  return lines.join('\n');
}
