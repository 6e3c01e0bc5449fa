import type { Question } from './bank/question.js';
import type { AskedQuestion } from './session.js';
import { shuffle } from './random.js';

/**
 * Exams are drawn from choice, exact output, cloze and open questions (open answers are typed
 * under the clock and graded by the learner in the report), in proportion across difficulty
 * and topic, so a 20-question exam on a bank that is 40% hard monitoring questions is about
 * 40% hard monitoring questions. Self-graded output questions are left out: their grading
 * would show the answer in the middle of the exam.
 */
export function examEligible(q: Question): boolean {
  return q.type === 'choice' || q.type === 'open' || q.type === 'cloze' || (q.type === 'output' && q.grading === 'exact');
}

export function drawExam(questions: readonly Question[], n: number, random: () => number): Question[] {
  const pool = questions.filter(examEligible);
  if (n >= pool.length) return shuffle(pool, random);
  const groups = new Map<string, Question[]>();
  for (const q of shuffle(pool, random)) {
    const key = `${q.difficulty}/${q.topics[0]}`;
    groups.set(key, [...(groups.get(key) ?? []), q]);
  }
  // Largest remainder: each group gets floor(share), the rest go to the largest remainders.
  const entries = [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const quotas = entries.map(([key, qs]) => {
    const exact = (qs.length * n) / pool.length;
    return { key, qs, take: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = n - quotas.reduce((sum, g) => sum + g.take, 0);
  const byRest = [...quotas].sort((a, b) => b.rest - a.rest || (random() < 0.5 ? -1 : 1));
  for (const g of byRest) {
    if (left === 0) break;
    if (g.take < g.qs.length) {
      g.take++;
      left--;
    }
  }
  return shuffle(
    quotas.flatMap((g) => g.qs.slice(0, g.take)),
    random,
  );
}

export interface GroupScore {
  name: string;
  correct: number;
  total: number;
}

export interface ExamReport {
  total: number;
  answered: number;
  correct: number;
  percent: number;
  passMark: number;
  passed: boolean;
  elapsedMs: number;
  timeUp: boolean;
  /** The question on screen when the time ran out: its answer in progress was not counted. */
  cutOff: { id: string; title: string } | null;
  byTopic: GroupScore[];
  byDifficulty: GroupScore[];
  missed: { id: string; title: string; given: string | null; answer: string; explanation: string; type: Question['type'] }[];
}

/** Pure: the report of an exam from what was drawn and what was answered. Unanswered questions count as missed. */
export function examReport(
  drawn: readonly Question[],
  asked: readonly AskedQuestion[],
  passMark: number,
  elapsedMs: number,
  timeUp: boolean,
  cutOff: Question | null = null,
): ExamReport {
  const byId = new Map(asked.map((a) => [a.question.id, a]));
  const right = (q: Question) => byId.get(q.id)?.record.result === 'correct';
  const group = (names: string[], of: (q: Question) => string[]): GroupScore[] =>
    names.map((name) => {
      const qs = drawn.filter((q) => of(q).includes(name));
      return { name, correct: qs.filter(right).length, total: qs.length };
    });
  const correct = drawn.filter(right).length;
  const percent = drawn.length ? Math.round((1000 * correct) / drawn.length) / 10 : 0;
  return {
    total: drawn.length,
    answered: asked.filter((a) => a.record.result !== 'skipped').length,
    correct,
    percent,
    passMark,
    passed: percent >= passMark,
    elapsedMs,
    timeUp,
    cutOff: cutOff ? { id: cutOff.id, title: cutOff.title } : null,
    byTopic: group([...new Set(drawn.flatMap((q) => q.topics))].sort(), (q) => q.topics),
    byDifficulty: group(['easy', 'medium', 'hard'], (q) => [q.difficulty]).filter((g) => g.total > 0),
    missed: drawn
      .filter((q) => !right(q))
      .map((q) => ({
        id: q.id,
        title: q.title,
        type: q.type,
        given: byId.get(q.id)?.given ?? null,
        answer: q.type === 'choice' ? q.choices!.find((c) => c.correct)!.text : q.answer,
        explanation: q.explanation,
      })),
  };
}
