/**
 * Cloze deletions, in Anki's syntax: `{{c1::answer}}` or `{{c1::answer::hint}}` in the prompt
 * of a `type: cloze` question. Each cloze number is a card of its own (`id#c1`), with its own
 * schedule. Pure functions: scanning with positions (for validate), and the text of a card with
 * its deletion hidden or revealed.
 *
 * Only `{{c<number>::` opens a cloze, as in Anki: other double braces (Jinja, Helm and Go
 * templates, common in deployment code) are text. Inside a cloze they must balance, so that
 * `{{c1::{{ .Values.image }}}}` hides the whole template expression.
 */
import { findFences } from './markdown-scan.js';
import type { Question } from './question.js';
import { titleFromPrompt } from './title.js';

/** Cloze numbers go from c1 to this. */
export const MAX_CLOZE_NUMBER = 999;
/** Distinct cloze numbers (cards) in one question: no real note comes near. */
export const MAX_CLOZE_CARDS = 100;

export interface Deletion {
  n: number;
  /** Offsets in the text: `{{` at start, just after `}}` at end. */
  start: number;
  end: number;
  answer: string;
  hint: string | null;
  /** Inside a fenced code block or a code span: shown without Markdown escapes. */
  inCode: boolean;
}

export interface ClozeProblem {
  /** Offset in the text where the problem starts. */
  at: number;
  message: string;
  severity: 'error' | 'warning';
}

const OPENER = /\{\{c([^:{}\s]*)::/y;

/** Code regions of the text as offset ranges [start, end), from its fenced blocks. */
function codeRanges(text: string): [number, number][] {
  const lines = text.split('\n');
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.length + 1;
  }
  return findFences(lines, 1).map((f) => [starts[f.line - 1] ?? 0, (starts[f.endLine] ?? text.length + 1) - 1]);
}

interface Frame {
  kind: 'cloze' | 'plain';
  start: number;
  n: number;
  contentStart: number;
  hintAt: number;
  bad: boolean;
  /** Opened inside a `code span` (after an odd number of backtick runs on its line). */
  inSpan: boolean;
}

/**
 * Every cloze of a text, and what is wrong with its syntax. Linear in the text: one pass,
 * a stack of open braces. Never throws.
 */
export function scanClozes(text: string): { deletions: Deletion[]; problems: ClozeProblem[] } {
  const deletions: Deletion[] = [];
  const problems: ClozeProblem[] = [];
  const code = codeRanges(text);
  let ci = 0;
  const inCode = (at: number): boolean => {
    while (ci < code.length && code[ci]![1] <= at) ci++;
    return ci < code.length && code[ci]![0] <= at;
  };
  const stack: Frame[] = [];
  // How many clozes are open on the stack: counted, not searched, so deep braces stay linear.
  let openClozes = 0;
  // Backtick runs so far on the current line: an odd count means inside a code span.
  let ticks = 0;
  let i = 0;
  while (i < text.length - 1) {
    const c = text[i];
    if (c === '\n') ticks = 0;
    else if (c === '`' && text[i - 1] !== '`') ticks++;
    const two = text.slice(i, i + 2);
    if (two === '{{') {
      OPENER.lastIndex = i;
      const m = OPENER.exec(text);
      if (m) {
        const num = m[1]!;
        let n = /^\d+$/.test(num) ? Number(num) : NaN;
        let bad = false;
        if (Number.isNaN(n)) {
          problems.push({ at: i, severity: 'error', message: `'c${num}' is not a cloze number: write c1, c2, … as in {{c1::answer}}` });
          bad = true;
        } else if (n < 1 || n > MAX_CLOZE_NUMBER) {
          problems.push({ at: i, severity: 'error', message: `cloze number c${num} is out of range: numbers go from c1 to c${MAX_CLOZE_NUMBER}` });
          bad = true;
        }
        if (openClozes > 0) {
          problems.push({ at: i, severity: 'error', message: 'a cloze inside another cloze is not supported: close the first one with }} before opening the next' });
          bad = true;
        }
        if (bad) n = 0;
        stack.push({ kind: 'cloze', start: i, n, contentStart: i + m[0].length, hintAt: -1, bad, inSpan: ticks % 2 === 1 });
        openClozes++;
        i += m[0].length;
        continue;
      }
      stack.push({ kind: 'plain', start: i, n: 0, contentStart: i + 2, hintAt: -1, bad: false, inSpan: false });
      i += 2;
      continue;
    }
    if (two === '}}') {
      const frame = stack.pop();
      if (!frame) {
        // Template braces in code are the code's business; in prose a lone }} is a slip.
        if (!inCode(i)) problems.push({ at: i, severity: 'error', message: "'}}' closes nothing: remove it, or open a cloze before it with {{c1::" });
      } else if (frame.kind === 'cloze') {
        openClozes--;
        const answerEnd = frame.hintAt >= 0 ? frame.hintAt : i;
        const answer = text.slice(frame.contentStart, answerEnd);
        const hint = frame.hintAt >= 0 ? text.slice(frame.hintAt + 2, i).trim() : '';
        if (answer.trim() === '') {
          problems.push({ at: frame.start, severity: 'error', message: `empty cloze: write the hidden text after c${frame.n || '?'}::, as in {{c1::answer}}` });
        } else if (!frame.bad) {
          deletions.push({ n: frame.n, start: frame.start, end: i + 2, answer, hint: hint === '' ? null : hint, inCode: frame.inSpan || inCode(frame.start) });
        }
      }
      i += 2;
      continue;
    }
    if (two === '::') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'cloze' && top.hintAt < 0) {
        top.hintAt = i;
        i += 2;
        continue;
      }
    }
    i++;
  }
  for (const frame of stack) {
    if (frame.kind === 'cloze') {
      problems.push({ at: frame.start, severity: 'error', message: "cloze is never closed: end it with '}}'" });
    } else if (openClozes > 0 || !inCode(frame.start)) {
      problems.push({ at: frame.start, severity: 'error', message: "'{{' is never closed: close it with '}}' (a cloze opens with {{c1::)" });
    }
  }
  problems.sort((a, b) => a.at - b.at);
  return { deletions, problems };
}

/** The distinct cloze numbers of the deletions, in order: one card each. */
export function cardNumbers(deletions: readonly Deletion[]): number[] {
  return [...new Set(deletions.map((d) => d.n))].sort((a, b) => a - b);
}

/** Markers for the revealed answer, replaced by the renderer after wrapping (see markClozeAnswers). */
export const REVEAL_OPEN = '\uE000';
export const REVEAL_CLOSE = '\uE001';

const escapeMarkdown = (s: string) => s.replace(/[\\[\]*_`<>]/g, (c) => `\\${c}`);

/**
 * The text as one card shows it: its own deletions hidden as `[...]` (or `[hint]`), the other
 * clozes shown as their text. `reveal` shows the card's deletions marked for the renderer instead.
 * With `plainText` the mask carries no Markdown escapes (for titles).
 */
export function cardText(text: string, n: number, how: 'hide' | 'reveal' | 'plain' = 'hide', deletions = scanClozes(text).deletions): string {
  let out = '';
  let last = 0;
  for (const d of deletions) {
    out += text.slice(last, d.start);
    last = d.end;
    if (d.n !== n) {
      out += d.answer;
    } else if (how === 'reveal') {
      out += REVEAL_OPEN + d.answer.replace(/[\uE000\uE001]/g, '') + REVEAL_CLOSE;
    } else {
      const label = d.hint ?? '...';
      out += how === 'plain' || d.inCode ? `[${label}]` : `\\[${escapeMarkdown(label)}\\]`;
    }
  }
  return out + text.slice(last);
}

/** The answer text as the learner types it: the Markdown of the deletion without its markers. */
export function answerText(markdown: string): string {
  return markdown
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/([*_])(.+?)\1/g, '$2')
    .replace(/<[^>]{0,200}>/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!<>])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What the learner must type for card n: its deletions' text, joined with ", " when there are several. */
export function cardAnswer(deletions: readonly Deletion[], n: number): string {
  return [...new Set(deletions.filter((d) => d.n === n).map((d) => answerText(d.answer)))].join(', ');
}

/** The hints of card n written in its deletions, in order. */
export function cardHints(deletions: readonly Deletion[], n: number): string[] {
  return [...new Set(deletions.filter((d) => d.n === n && d.hint !== null).map((d) => d.hint!))];
}

/** The card id of cloze n of a question: `id#c1`. */
export const cardId = (id: string, n: number): string => `${id}#c${n}`;

/** A card id split back into the question id and the cloze number, or null for a plain id. */
export function splitCardId(id: string): { note: string; n: number } | null {
  const m = /^(.+)#c(\d+)$/.exec(id);
  return m ? { note: m[1]!, n: Number(m[2]) } : null;
}

/** The text with every cloze hidden as `[...]` (or its hint): what a title may show of a cloze question. */
export function allHidden(text: string, deletions = scanClozes(text).deletions): string {
  let out = '';
  let last = 0;
  for (const d of deletions) {
    out += text.slice(last, d.start) + `[${d.hint ?? '...'}]`;
    last = d.end;
  }
  return out + text.slice(last);
}

/**
 * The cards of a cloze question, one per cloze number, each keyed `id#cN`: its prompt with that
 * deletion hidden, its answer the hidden text, its hints the cloze's own then the file's. A title
 * made from the prompt is made again from each card's text, so that it never shows the answer.
 */
export function clozeCards(note: Question): Question[] {
  const { deletions } = scanClozes(note.prompt);
  const derivedTitle = note.title === titleFromPrompt(allHidden(note.prompt, deletions));
  return cardNumbers(deletions).map((n) => ({
    ...note,
    id: cardId(note.id, n),
    title: derivedTitle ? titleFromPrompt(cardText(note.prompt, n, 'plain', deletions)) : note.title,
    prompt: cardText(note.prompt, n, 'hide', deletions),
    hints: [...cardHints(deletions, n), ...note.hints],
    answer: cardAnswer(deletions, n),
    cloze: { note: note.id, n, text: note.prompt },
  }));
}

/** The questions of a bank with each cloze question replaced by its cards. */
export function withClozeCards(questions: readonly Question[]): Question[] {
  return questions.some((q) => q.type === 'cloze' && !q.cloze) ? questions.flatMap((q) => (q.type === 'cloze' && !q.cloze ? clozeCards(q) : [q])) : [...questions];
}

/**
 * Cards back to the questions they come from (for export, where a cloze question is one Anki
 * note with a card per cloze number): each question once, where its first card stood.
 */
export function clozeNotes(questions: readonly Question[]): Question[] {
  const seen = new Set<string>();
  const out: Question[] = [];
  for (const q of questions) {
    if (!q.cloze) {
      out.push(q);
      continue;
    }
    const { note, n, text } = q.cloze;
    if (seen.has(note)) continue;
    seen.add(note);
    const { deletions } = scanClozes(text);
    const ownTitle = q.title !== titleFromPrompt(cardText(text, n, 'plain', deletions));
    const { cloze: _card, ...rest } = q;
    out.push({
      ...rest,
      id: note,
      title: ownTitle ? q.title : titleFromPrompt(allHidden(text, deletions)),
      prompt: text,
      hints: q.hints.slice(cardHints(deletions, n).length),
      answer: '',
    });
  }
  return out;
}
