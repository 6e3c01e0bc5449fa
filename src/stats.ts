import type { Card } from 'ts-fsrs';
import { DIFFICULTIES, type Question } from './bank/question.js';
import { isSuspended, type Summary } from './progress/summary-data.js';
import { isMastered, leechLapses } from './schedule.js';

/**
 * The figures of `mlops-drill stats`, computed from the bank and the folded log. Pure.
 * Days are the learner's local days (the time zone of the process): a streak kept at
 * 8 p.m. in UTC−8 counts for that evening, not for the next UTC day.
 */

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
  /** Every time it was asked, skips included. */
  attempts: number;
  /** Times it was answered (not skipped). */
  answered: number;
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
  /** Consecutive local days with an answer (to any bank), ending today or yesterday. */
  streakDays: number;
  /** Reviews due at this moment. */
  dueNow: number;
  /** Reviews falling due on each of the next 7 local days (day 0 = the rest of today, including overdue). */
  forecast: { date: string; due: number }[];
  weakest: WeakQuestion[];
  /** Questions of the bank set aside with `suspend`: not asked, and not counted as due. */
  suspended: number;
}

/** `YYYY-MM-DD` of the local day holding `at`. */
export function localDay(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/**
 * The local day of a practised-time key of the summary: a UTC quarter hour
 * (`YYYY-MM-DDTHH:MM`, exact in every time zone), or a UTC day in checkpoints written
 * before quarter hours were kept (taken as that date).
 */
function dayOfKey(key: string): string {
  return key.length === 10 ? key : localDay(new Date(`${key}:00.000Z`));
}

/** Consecutive days with practice, ending today, or yesterday when today has none yet. */
export function streak(days: ReadonlySet<string>, now: Date): number {
  const cursor = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 12);
  if (!days.has(localDay(cursor))) cursor.setDate(cursor.getDate() - 1);
  let count = 0;
  while (days.has(localDay(cursor))) {
    count++;
    cursor.setDate(cursor.getDate() - 1);
  }
  return count;
}

export function computeStats(questions: readonly Question[], summary: Summary, now: Date): Stats {
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
  const byDifficulty = DIFFICULTIES.map((d) => group(d, questions.filter((q) => q.difficulty === d)));
  const topics = [...new Set(questions.flatMap((q) => q.topics))].sort();
  const byTopic = topics.map((t) => group(t, questions.filter((q) => q.topics.includes(t))));

  const streakDays = streak(new Set([...summary.days].map(dayOfKey)), now);

  const forecast: { date: string; due: number }[] = [];
  const asked = questions.filter((q) => !isSuspended(summary, q.id));
  const dueDays = asked.flatMap((q) => {
    const card = cards.get(q.id);
    return card ? [localDay(card.due)] : [];
  });
  for (let i = 0; i < 7; i++) {
    // Noon: a day that starts or ends at a clock change is still that day.
    const key = localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + i, 12));
    const due = dueDays.filter((d) => (i === 0 ? d <= key : d === key)).length;
    forecast.push({ date: key, due });
  }
  const dueCards = asked.map((q) => cards.get(q.id)).filter((c): c is Card => c !== undefined);
  const dueNow = dueCards.filter((c) => c.due.getTime() <= now.getTime()).length;

  const weakest = questions
    .filter((q) => per.has(q.id))
    .map((q) => {
      const s = per.get(q.id)!;
      const lapses = cards.get(q.id)?.lapses ?? 0;
      return { id: q.id, title: q.title, attempts: s.attempts, answered: s.answered, correct: s.correct, lapses, leech: lapses >= leechLapses(), miss: s.answered - s.correct };
    })
    // A skip is not a wrong answer: a question only ever skipped is not among the weakest.
    .filter((w) => w.miss > 0)
    .sort((a, b) => b.miss - a.miss || a.correct / a.answered - b.correct / b.answered || a.id.localeCompare(b.id))
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
    suspended: questions.length - asked.length,
  };
}
