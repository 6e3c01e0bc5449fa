import type { AnswerRecord } from './progress/record.js';

/** A question's history as `list --json` shows it. */
export interface History {
  attempts: number;
  correct: number;
  lastResult: AnswerRecord['result'] | null;
  lastAt: string | null;
}

export function historyById(answers: readonly AnswerRecord[]): Map<string, History> {
  const map = new Map<string, History>();
  for (const a of answers) {
    const h = map.get(a.id) ?? { attempts: 0, correct: 0, lastResult: null, lastAt: null };
    h.attempts++;
    if (a.result === 'correct') h.correct++;
    if (h.lastAt === null || a.at >= h.lastAt) {
      h.lastAt = a.at;
      h.lastResult = a.result;
    }
    map.set(a.id, h);
  }
  return map;
}
