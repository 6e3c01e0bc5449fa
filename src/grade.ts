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

/** Same words, different spacing or case: worth telling the learner it was close. */
export function isNearMiss(expected: string, typed: string): boolean {
  const squash = (s: string) => normaliseOutput(s).join('\n').replace(/\s+/g, ' ').trim().toLowerCase();
  return !outputMatches(expected, typed) && squash(expected) === squash(typed);
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
