import type { AnswerRecord } from './progress/record.js';
import type { Tally } from './progress/summary-data.js';

/** A question's history as `list --json` shows it. */
export interface History {
  attempts: number;
  correct: number;
  lastResult: AnswerRecord['result'] | null;
  lastAt: string | null;
}

export function historyView(tally: Tally | undefined): History {
  if (!tally) return { attempts: 0, correct: 0, lastResult: null, lastAt: null };
  return { attempts: tally.attempts, correct: tally.correct, lastResult: tally.lastResult, lastAt: tally.lastAt };
}
