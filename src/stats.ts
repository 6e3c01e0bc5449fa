import type { Card } from 'ts-fsrs';
import type { Question } from './bank/question.js';
import type { AnswerRecord } from './progress/record.js';
import { isMastered, LEECH_LAPSES } from './schedule.js';
import { summarise, type Summary } from './progress/summary.js';

/** The figures of `mlops-drill stats`, computed from the bank, the answers and the cards. Pure. */
export interface GroupStats {
  name: string;
  total: number;
  seen: number;
  answered: number;
  correct: number;
  /** correct / answered, 0..1; null when nothing was answered. */
  accuracy: number | null;
  mastered: number;
}

export interface WeakQuestion {
  id: string;
  title: string;
  attempts: number;
  correct: number;
  lapses: number;
  leech: boolean;
}

export interface Stats {
  questions: number;
  seen: number;
  answered: number;
  correct: number;
  accuracy: number | null;
  mastered: number;
  byDifficulty: GroupStats[];
  byTopic: GroupStats[];
  streakDays: number;
  dueNow: number;
  /** Reviews falling due on each of the next 7 days (day 0 = today, including overdue). */
  forecast: { date: string; due: number }[];
  weakest: WeakQuestion[];
}

const dayKey = (d: Date): string => d.toISOString().slice(0, 10);

export function computeStats(questions: readonly Question[], answers: readonly AnswerRecord[], cards: Map<string, Card>, now: Date): Stats {
  const inBank = new Set(questions.map((q) => q.id));
  const summary = summarise(answers.filter((a) => inBank.has(a.id)));
  return computeStatsFromSummary(questions, { ...summary, cards }, now);
}

/** The same figures from a folded log (see progress/summary.ts); days count answers to any bank. */
export function computeStatsFromSummary(questions: readonly Question[], summary: Summary, now: Date): Stats {
  const per = summary.tallies;
  const cards = summary.cards;

  const group = (name: string, qs: readonly Question[]): GroupStats => {
    let seen = 0;
    let answered = 0;
    let correct = 0;
    let mastered = 0;
    for (const q of qs) {
      const s = per.get(q.id);
      if (s) {
        seen++;
        answered += s.answered;
        correct += s.correct;
      }
      if (isMastered(cards.get(q.id))) mastered++;
    }
    return { name, total: qs.length, seen, answered, correct, accuracy: answered ? correct / answered : null, mastered };
  };

  const all = group('all', questions);
  const byDifficulty = (['easy', 'medium', 'hard'] as const).map((d) => group(d, questions.filter((q) => q.difficulty === d)));
  const topics = [...new Set(questions.flatMap((q) => q.topics))].sort();
  const byTopic = topics.map((t) => group(t, questions.filter((q) => q.topics.includes(t))));

  // Streak: consecutive days with at least one answer, ending today (or yesterday, if not yet today).
  const days = summary.days;
  let streakDays = 0;
  const cursor = new Date(now);
  if (!days.has(dayKey(cursor))) cursor.setUTCDate(cursor.getUTCDate() - 1);
  while (days.has(dayKey(cursor))) {
    streakDays++;
    cursor.setUTCDate(cursor.getUTCDate() - 1);
  }

  const forecast: { date: string; due: number }[] = [];
  const dueCards = questions.map((q) => cards.get(q.id)).filter((c): c is Card => c !== undefined);
  for (let i = 0; i < 7; i++) {
    const day = new Date(now);
    day.setUTCDate(day.getUTCDate() + i);
    const key = dayKey(day);
    const due = dueCards.filter((c) => (i === 0 ? dayKey(c.due) <= key : dayKey(c.due) === key)).length;
    forecast.push({ date: key, due });
  }
  const dueNow = dueCards.filter((c) => c.due.getTime() <= now.getTime()).length;

  const weakest = questions
    .filter((q) => per.has(q.id))
    .map((q) => {
      const s = per.get(q.id)!;
      const lapses = cards.get(q.id)?.lapses ?? 0;
      return { id: q.id, title: q.title, attempts: s.attempts, correct: s.correct, lapses, leech: lapses >= LEECH_LAPSES, miss: s.attempts - s.correct };
    })
    .filter((w) => w.miss > 0)
    .sort((a, b) => b.miss - a.miss || a.correct / a.attempts - b.correct / b.attempts || a.id.localeCompare(b.id))
    .slice(0, 5)
    .map(({ miss: _miss, ...w }) => w);

  return {
    questions: questions.length,
    seen: all.seen,
    answered: all.answered,
    correct: all.correct,
    accuracy: all.accuracy,
    mastered: all.mastered,
    byDifficulty,
    byTopic,
    streakDays,
    dueNow,
    forecast,
    weakest,
  };
}
