import { editDistance } from './edit-distance.js';
import type { Grade, Result } from './progress/record.js';

/**
 * Output answers are compared after normalising what a terminal cannot show
 * reliably: line endings, trailing spaces, and blank lines (an empty line is how
 * the learner ends an answer, so blank lines cannot be typed).
 */
export function normaliseOutput(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .filter((l) => l !== '');
}

/** Strict form used for proving answer keys: only line endings, trailing spaces and trailing blank lines. */
export function normaliseStrict(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n+$/, '');
}

export function outputMatches(expected: string, typed: string): boolean {
  const a = normaliseOutput(expected);
  const b = normaliseOutput(typed);
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

/** What makes a wrong answer a slip rather than a misunderstanding. */
export type Slip = 'spacing' | 'case' | 'quotes' | 'typo';

export interface SlipOptions {
  /** The question says spacing is the point (`spacing: strict`): a spacing difference is a miss. */
  strictSpacing?: boolean;
}

/** Most characters a slip may change; and numbers must match, so 3 for 4 is never a slip. */
export const TYPO_LIMIT = 2;

const QUOTES = /[‘’“”"`]/g;

/**
 * The slips that separate a wrong answer from the expected one, or null when it is not a
 * near miss (a real difference, or a right answer). Offered to the learner as "count it as
 * right": spacing, letter case, quote style, or a small typo that leaves every number alone.
 */
export function slipsBetween(expected: string, typed: string, opts: SlipOptions = {}): Slip[] | null {
  if (outputMatches(expected, typed)) return null;
  const a = normaliseOutput(expected).join('\n');
  const b = normaliseOutput(typed).join('\n');
  const steps: [Slip, (s: string) => string][] = [
    ...(opts.strictSpacing ? [] : ([['spacing', (s: string) => s.replace(/\s+/g, ' ').trim()]] as [Slip, (s: string) => string][])),
    ['case', (s) => s.toLowerCase()],
    ['quotes', (s) => s.replace(QUOTES, "'")],
  ];
  const apply = (s: string, skip?: Slip) => steps.reduce((acc, [slip, f]) => (slip === skip ? acc : f(acc)), s);
  const x = apply(a);
  const y = apply(b);
  if (x === y) {
    const needed = steps.filter(([slip]) => apply(a, slip) !== apply(b, slip)).map(([slip]) => slip);
    return needed.length > 0 ? needed : steps.filter(([, f]) => f(a) !== a || f(b) !== b).map(([slip]) => slip);
  }
  // A typo: at most TYPO_LIMIT characters, never in a number, never in an answer too short to tell.
  const digits = (s: string) => s.replace(/\D/g, '');
  if (digits(x) !== digits(y) || x.length < 4) return null;
  // With strict spacing the whitespace between words must be exactly as expected.
  const gaps = (s: string) => s.replace(/\S+/g, 'w');
  if (opts.strictSpacing && gaps(x) !== gaps(y)) return null;
  const d = editDistance(x, y, TYPO_LIMIT);
  if (d > TYPO_LIMIT) return null;
  const also = steps.filter(([slip]) => editDistance(apply(a, slip), apply(b, slip), TYPO_LIMIT + 1) > d).map(([slip]) => slip);
  return [...also, 'typo'];
}

/**
 * A short answer (a cloze) as compared: letter case and the spaces around it do not count,
 * nor do runs of spaces inside it or the spacing around the commas between several answers.
 */
export function normaliseShort(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\s*,\s*/g, ', ').trim().toLowerCase();
}

export function shortAnswerMatches(expected: string, typed: string): boolean {
  return normaliseShort(expected) === normaliseShort(typed);
}

/** The near-miss rules of the drill for a short answer: quotes or a small typo (case already does not count). */
export function shortAnswerNearMiss(expected: string, typed: string): Slip[] | null {
  if (shortAnswerMatches(expected, typed)) return null;
  const a = normaliseShort(expected);
  const b = normaliseShort(typed);
  const slips = slipsBetween(a, b);
  // A word is short: two letters changed in `undo` make `redo`, another word. A typo may change
  // one character per four of the answer (still at most TYPO_LIMIT).
  if (slips?.includes('typo') && editDistance(a, b, TYPO_LIMIT) > Math.floor(a.length / 4)) return null;
  return slips;
}

export type DiffLine = { op: 'same' | 'expected' | 'typed'; text: string };

/** A line diff (longest common subsequence): small inputs, so the quadratic table is fine. */
export function diffLines(expected: string[], typed: string[]): DiffLine[] {
  const n = expected.length;
  const m = typed.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = expected[i] === typed[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === typed[j]) {
      out.push({ op: 'same', text: expected[i]! });
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // On a tie the expected line goes first, as in a unified diff.
      out.push({ op: 'expected', text: expected[i]! });
      i++;
    } else {
      out.push({ op: 'typed', text: typed[j]! });
      j++;
    }
  }
  return out;
}

export interface Attempt {
  /** The learner's answer was right (or counted right as a near miss). */
  correct: boolean;
  nearMiss: boolean;
  hints: number;
  revealed: boolean;
  /** Skipped: true when the learner moved on without answering. */
  skipped: boolean;
  /** Something was tried before skipping: a hint or a reveal. */
  tried: boolean;
  /** Open questions and `grading: self`: the learner's own grade. */
  selfGrade?: Grade;
}

/**
 * The grade fed to the scheduler (FSRS):
 * right at the first try with no hint → good; right after a hint or a near miss counted
 * right → hard; wrong, revealed, or skipped after trying → again; skipped untouched → none.
 */
export function gradeFor(a: Attempt): { result: Result; grade: Grade | null } {
  if (a.selfGrade) {
    return { result: a.selfGrade === 'again' ? 'incorrect' : 'correct', grade: a.selfGrade };
  }
  if (a.skipped) return { result: 'skipped', grade: a.tried ? 'again' : null };
  if (a.revealed || !a.correct) return { result: 'incorrect', grade: 'again' };
  if (a.hints > 0 || a.nearMiss) return { result: 'correct', grade: 'hard' };
  return { result: 'correct', grade: 'good' };
}

/** One row of the diff as shown: a line both share, or an expected line beside the one typed in its place. */
export type DiffRow = { op: 'same'; text: string } | { op: 'changed'; expected: string | null; typed: string | null };

/** Pair each run of expected lines with the run of typed lines that replaced it, line by line. */
export function diffRows(diff: readonly DiffLine[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let i = 0;
  while (i < diff.length) {
    const d = diff[i]!;
    if (d.op === 'same') {
      rows.push({ op: 'same', text: d.text });
      i++;
      continue;
    }
    const exp: string[] = [];
    const typ: string[] = [];
    while (i < diff.length && diff[i]!.op === 'expected') exp.push(diff[i++]!.text);
    while (i < diff.length && diff[i]!.op === 'typed') typ.push(diff[i++]!.text);
    for (let k = 0; k < Math.max(exp.length, typ.length); k++) rows.push({ op: 'changed', expected: exp[k] ?? null, typed: typ[k] ?? null });
  }
  return rows;
}

/**
 * Where two lines differ, as code-point ranges [start, end) in each: what is left after
 * their common start and common end. Enough to point at a typo without a character diff.
 */
export function differingSpan(expected: string, typed: string): { expected: [number, number]; typed: [number, number] } {
  const a = [...expected];
  const b = [...typed];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return { expected: [start, a.length - end], typed: [start, b.length - end] };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Why the schedule heard this grade, in a few words: "correct with 2 hints". */
export function gradeReason(a: Attempt): string {
  if (a.selfGrade) return 'your own grade';
  if (a.skipped) return a.tried ? `skipped after ${a.revealed ? 'the reveal' : plural(a.hints, 'hint')}` : 'skipped before trying';
  if (a.revealed) return 'revealed (a miss)';
  if (!a.correct) return a.hints > 0 ? `wrong after ${plural(a.hints, 'hint')}` : 'wrong';
  if (a.nearMiss) return a.hints > 0 ? `counted right as a slip, with ${plural(a.hints, 'hint')}` : 'counted right as a slip';
  if (a.hints > 0) return `correct with ${plural(a.hints, 'hint')}`;
  return 'correct at the first try';
}
