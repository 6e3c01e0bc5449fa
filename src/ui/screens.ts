import type { Question } from '../bank/question.js';
import { titleRepeatsPrompt } from '../bank/title.js';
import { cardText, REVEAL_CLOSE, REVEAL_OPEN } from '../bank/cloze.js';
import { differingSpan, diffRows, type DiffLine } from '../grade.js';
import type { DueOutlook } from '../learning.js';
import { renderInlineText, renderMarkdown } from './markdown.js';
import { wrap } from './wrap.js';
import { hardWrap } from './blocks.js';
import { colorEnabled, rule, style } from './output.js';
import { wrapAnsi } from 'fast-wrap-ansi';
import { displayWidth, truncateCells } from './width.js';

/** Text blocks the quiz prints: pure functions from data to lines. */

/**
 * The header of a question: counter, difficulty, type and topics on one line that never
 * wraps (topics shortened with … when the terminal is narrow), then the title.
 * `counter` is "Question 3 of 10", or for a question asked again, "Once more".
 */
export function questionHeader(q: Question, counter: string, width: number): string {
  const level = q.unrated ? 'unrated' : q.difficulty;
  const fixed = `${counter}  ${level} · ${q.type} · `;
  const room = width - displayWidth(fixed);
  const topics = truncateCells(q.topics.join(', '), Math.max(1, room));
  const meta = `${difficultyLabel(q)} · ${q.type} · ${topics}`;
  // Narrower than even the fixed part: the whole line is shortened, uncoloured.
  const line = room >= 1 ? `${style.dim(counter)}  ${meta}` : truncateCells(`${fixed}${q.topics.join(', ')}`, width);
  // A title that only repeats the prompt's start is printed once (as the prompt).
  const title = titleRepeatsPrompt(q.title, q.prompt) ? '' : `${hardWrap(q.title, width).map((l) => style.title(l)).join('\n')}\n`;
  return `${rule(Math.max(10, Math.min(width, 72)))}\n${line}\n${title}`;
}

/**
 * A key bar: "key label" items joined by " · ", broken between items (never inside one) to
 * fit `width`. Each item may have a short label for narrow terminals; the short form is
 * used when the long one would take more than one line.
 */
export { expectedOutputBlock, hardWrap, keyBar, type KeyItem } from './blocks.js';


/**
 * Rendered Markdown whose long lines (code is never wrapped by the renderer) go on under a
 * dotted mark instead of being wrapped by the terminal. fast-wrap-ansi is the wrapper
 * `@inquirer/core` already bundles; it cuts coloured text without breaking an escape sequence.
 */
export function fitToWidth(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) =>
      displayWidth(line) <= width
        ? [line]
        : wrapAnsi(line, Math.max(8, width - 2), { hard: true, trim: false, wordWrap: false })
            .split('\n')
            .map((part, i) => (i === 0 ? part : `${style.dim('┆ ')}${part}`)),
    )
    .join('\n');
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
  return fitToWidth(renderMarkdown(q.prompt, width), width);
}

/**
 * A cloze card answered: the whole text, the card's hidden part marked `[like this]` (in colour
 * where there is colour, by the brackets where there is not).
 */
export function clozeRevealBlock(q: Question, width: number): string {
  if (!q.cloze) return '';
  const text = cardText(q.cloze.text, q.cloze.n, 'reveal');
  const rendered = renderMarkdown(text, width).replace(new RegExp(`${REVEAL_OPEN}([^${REVEAL_CLOSE}]*)${REVEAL_CLOSE}`, 'g'), (_, answer: string) =>
    answer
      .split('\n')
      .map((part, i, all) => style.good(`${i === 0 ? '[' : ''}${part}${i === all.length - 1 ? ']' : ''}`))
      .join('\n'),
  );
  return fitToWidth(rendered, width);
}

export function hintBlock(hint: string, n: number, total: number, width: number): string {
  return `${style.warn(`Hint ${n} of ${total}:`)}\n${fitToWidth(indent(renderMarkdown(hint, width - 2)), width)}`;
}

export function choiceLabels(q: Question, order: number[]): string[] {
  return order.map((i) => renderInlineText(q.choices![i]!.text));
}

/**
 * A line diff an eye can follow: lines both share, then each changed line as "expected"
 * above "yours", the differing characters highlighted, or (without colour) marked with ^
 * on a line of their own. Long lines wrap with a hanging indent under the text column.
 */
export function diffBlock(diff: readonly DiffLine[], width: number): string {
  const pad = '  ';
  const labelWidth = 'expected'.length + 2;
  const textWidth = Math.max(8, width - pad.length - labelWidth);
  const out: string[] = [];
  const emit = (label: string, text: string, span: [number, number] | null, paint: (s: string) => string) => {
    const chars = [...text];
    const marks = chars.map((_, i) => (span && i >= span[0] && i < span[1] ? '^' : ' '));
    // An empty span (a line that is only shorter) marks where text is missing.
    if (span && span[0] === span[1]) marks[span[0]] = '^';
    let row = 0;
    let i = 0;
    const total = Math.max(chars.length, marks.length);
    const cellsOf = (k: number) => Math.max(1, displayWidth(chars[k] ?? ' '));
    do {
      // How far this row goes: as many cells as fit, then back to just after a space when there is one.
      const start = i;
      let end = i;
      let cells = 0;
      while (end < total && (cells + cellsOf(end) <= textWidth || end === start)) cells += cellsOf(end++);
      if (end < total) {
        let k = end;
        while (k > start + 1 && chars[k - 1] !== ' ') k--;
        if (k > start + 1) end = k;
      }
      let seg = '';
      let under = '';
      for (let k = start; k < end; k++) {
        const ch = chars[k];
        const hit = marks[k] === '^';
        if (ch !== undefined) seg += hit && colorEnabled() ? style.strong(paint(ch)) : span ? ch : paint(ch);
        under += (hit ? '^' : ' ').repeat(cellsOf(k));
      }
      i = end;
      const head = row === 0 ? label.padEnd(labelWidth) : ' '.repeat(labelWidth);
      out.push(`${pad}${row === 0 ? style.dim(head) : head}${seg}`);
      if (span && !colorEnabled() && under.trim() !== '') out.push(`${pad}${' '.repeat(labelWidth)}${under.trimEnd()}`);
      row++;
    } while (i < total);
  };
  for (const r of diffRows(diff)) {
    if (r.op === 'same') {
      emit('', r.text, null, (s) => s);
      continue;
    }
    // Markers only help when the lines have something in common; a line wholly different needs none.
    let span = r.expected !== null && r.typed !== null ? differingSpan(r.expected, r.typed) : null;
    if (span && span.expected[0] === 0 && span.expected[1] === [...r.expected!].length && span.typed[1] === [...r.typed!].length) span = null;
    if (r.expected !== null) emit('expected', r.expected, span ? span.expected : null, style.good);
    else emit('expected', '(no line here)', null, style.dim);
    if (r.typed !== null) emit('yours', r.typed, span ? span.typed : null, style.bad);
    else emit('yours', '(missing)', null, style.dim);
  }
  return out.join('\n');
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
  return `${style.heading(title)}\n${fitToWidth(indent(renderMarkdown(markdown, width - 2)), width)}`;
}

/**
 * "Read more" after the explanation: each source's title, then its address. An address wider
 * than the terminal is shortened with … when colour is on (a terminal, not a pipe or a screen
 * reader), and the shortened text stays a link to the whole address (OSC 8, which terminals
 * without it show as plain text); elsewhere it is printed whole, so it can always be copied.
 */
export function referencesBlock(refs: readonly { title: string; url: string }[], width: number): string {
  if (refs.length === 0) return '';
  const lines = [style.heading('Read more')];
  for (const r of refs) {
    if (r.title !== r.url) lines.push(fitToWidth(wrap(r.title, width - 2, '  ').join('\n'), width));
    const room = width - 4;
    if (!colorEnabled() || displayWidth(r.url) <= room) lines.push(`    ${style.dim(r.url)}`);
    else lines.push(`    ${link(r.url, style.dim(truncateCells(r.url, room)))}`);
  }
  return lines.join('\n');
}

/** A terminal hyperlink; the address holds only printable ASCII (checked when the file is read). */
function link(url: string, text: string): string {
  return `\u001b]8;;${url}\u001b\\${text}\u001b]8;;\u001b\\`;
}

export function scoreLine(correct: number, answered: number): string {
  return style.dim(`Score so far: ${correct} of ${answered}`);
}

/** What the schedule heard, and when the question comes back: one line after every answer. */
export function gradeLine(reason: string, grade: string | null, when: string, width: number): string {
  const text = `${reason} → ${grade ?? 'no grade'} · ${when}`;
  return hardWrap(text, width).map((l) => style.dim(l)).join('\n');
}

export interface SummaryRow {
  id: string;
  title: string;
  difficulty: string;
  correct: boolean;
  skipped: boolean;
  /** 1 for the first time the question was asked in the session, 2 and up when it came back. */
  round: number;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** A command line, never broken: indented when it fits, else from column 0. */
function commandLine(cmd: string, width: number, indent = '  '): string {
  return style.accent(displayWidth(indent + cmd) <= width ? indent + cmd : cmd);
}

export function summaryBlock(rows: SummaryRow[], elapsedMs: number, width: number, cmd = 'mlops-drill'): string {
  if (rows.length === 0) return style.dim('No questions answered this time.');
  const first = rows.filter((r) => r.round === 1);
  const answered = first.filter((r) => !r.skipped);
  const correct = answered.filter((r) => r.correct).length;
  const pct = answered.length ? Math.round((100 * correct) / answered.length) : 0;
  const lines = [style.heading('Session summary')];
  const head = `${correct} of ${answered.length} correct at the first try (${pct}%)${first.length > answered.length ? `, ${first.length - answered.length} skipped` : ''} · ${formatDuration(elapsedMs)}`;
  lines.push(...hardWrap(head, width - 2).map((l) => `  ${l}`));
  const again = rows.filter((r) => r.round > 1 && !r.skipped);
  if (again.length) {
    const ids = new Set(again.map((r) => r.id));
    const last = [...ids].map((id) => again.filter((r) => r.id === id).at(-1)!);
    const text = `after relearning: ${last.filter((r) => r.correct).length} of ${ids.size} right when asked again`;
    lines.push(...hardWrap(text, width - 2).map((l) => `  ${l}`));
  }
  for (const d of ['easy', 'medium', 'hard']) {
    const of = answered.filter((r) => r.difficulty === d);
    if (of.length) lines.push(`  ${style.difficulty(d.padEnd(6))}  ${of.filter((r) => r.correct).length}/${of.length}`);
  }
  // A question missed, then right when it came back, still deserves a look.
  const missed = [...new Map(rows.filter((r) => !r.correct).map((r) => [r.id, r])).values()];
  if (missed.length) {
    lines.push(style.heading('Look at these again'));
    // A command is never broken across lines: when one would not fit, the ids are listed under one template.
    const fits = missed.every((r) => displayWidth(`    ${cmd} show ${r.id} --answer`) <= width);
    if (!fits) lines.push(...hardWrap('See an answer with:', width - 2).map((l) => `  ${l}`), commandLine(`${cmd} show <id> --answer`, width));
    for (const r of missed) {
      lines.push(...wrap(r.title, width - 4).map((l, i) => (i === 0 ? `  • ${l}` : `    ${l}`)));
      lines.push(fits ? commandLine(`${cmd} show ${r.id} --answer`, width, '    ') : hardWrap(`id: ${r.id}`, width - 4).map((l) => `    ${style.dim(l)}`).join('\n'));
    }
  }
  return lines.join('\n');
}

/** The end of a session: how many come back when, and the one command to run next. */
export function nextStepsBlock(o: DueOutlook, cmd: string, width: number): string {
  const lines = [style.heading('Next')];
  const parts = [`${o.soon} due within the hour`, `${o.tomorrow} by tomorrow`, `${o.week} more this week`];
  lines.push(...hardWrap(parts.join(' · '), width - 2).map((l) => `  ${l}`));
  if (o.soon > 0) lines.push(...hardWrap('Review those within the hour:', width - 2).map((l) => `  ${l}`), commandLine(`${cmd} review`, width));
  else if (o.tomorrow > 0) lines.push(...hardWrap('Come back tomorrow and run:', width - 2).map((l) => `  ${l}`), commandLine(cmd, width));
  else lines.push(...hardWrap('Nothing is due soon; learn new questions with:', width - 2).map((l) => `  ${l}`), commandLine(cmd, width));
  return lines.join('\n');
}
