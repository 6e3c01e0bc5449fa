import type { Card } from 'ts-fsrs';
import { DIFFICULTIES, type Question } from './bank/question.js';
import { addDays, dayTotals, trueRetention, type Retention } from './calendar.js';
import { learningDay } from './config/day.js';
import { isSuspended, type Summary } from './progress/summary-data.js';
import { isMastered, leechLapses } from './schedule.js';

/**
 * The figures of `mlops-drill stats`, computed from the bank and the folded log. Pure.
 * Days are the learner's learning days (config/day.ts): local time zone (of the process),
 * starting at the `day-starts-at` hour. A streak kept at 8 p.m. in UTC−8 counts for that
 * evening, not for the next UTC day, and an answer at 1 a.m. for the evening before.
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
  /** The learning day holding now. */
  today: string;
  /** Consecutive learning days with an answer (to any bank; skips do not count), ending today or yesterday. */
  streakDays: number;
  /** Answers and right answers on each learning day with an answer (to any bank), oldest first. */
  days: { date: string; answers: number; correct: number }[];
  /** True retention over the last 30 learning days (reviews of already-learned questions, any bank). */
  retention: Retention;
  /** Flagged questions of this bank, by id. */
  flagged: { count: number; ids: string[] };
  /** Reviews due at this moment. */
  dueNow: number;
  /** Reviews falling due on each of the next 7 learning days (day 0 = the rest of today, including overdue). */
  forecast: { date: string; due: number }[];
  weakest: WeakQuestion[];
  /** Questions of the bank set aside with `suspend`: not asked, and not counted as due. */
  suspended: number;
}

/** Consecutive days in `days` ending `today`, or yesterday when today has none yet. */
export function streak(days: ReadonlySet<string>, today: string): number {
  let cursor = days.has(today) ? today : addDays(today, -1);
  let count = 0;
  while (days.has(cursor)) {
    count++;
    cursor = addDays(cursor, -1);
  }
  return count;
}

export function computeStats(questions: readonly Question[], summary: Summary, now: Date, dayStartsAt = 4): Stats {
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

  const today = learningDay(now, dayStartsAt);
  const totals = dayTotals(summary.quarters, dayStartsAt);
  const practised = totals.filter((t) => t.answers > 0);
  const streakDays = streak(new Set(practised.map((t) => t.date)), today);
  const days = practised.map(({ date, answers, correct }) => ({ date, answers, correct }));
  const retention = trueRetention(totals, today);
  const flaggedIds = questions.filter((q) => summary.flags.has(q.id)).map((q) => q.id);

  const asked = questions.filter((q) => !isSuspended(summary, q.id));
  const dueDays = asked.flatMap((q) => {
    const card = cards.get(q.id);
    return card ? [learningDay(card.due, dayStartsAt)] : [];
  });
  const forecast = Array.from({ length: 7 }, (_, i) => {
    const date = addDays(today, i);
    return { date, due: dueDays.filter((d) => (i === 0 ? d <= date : d === date)).length };
  });
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
    // Ties by the ids' UTF-16 code units, not localeCompare: the same log lists the same questions on
    // every machine whatever its locale, and ICU's collator is not set up (about 15 ms of a start).
    .sort((a, b) => b.miss - a.miss || a.correct / a.answered - b.correct / b.answered || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
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
    today,
    streakDays,
    days,
    retention,
    flagged: { count: flaggedIds.length, ids: flaggedIds },
    dueNow,
    forecast,
    weakest,
    suspended: questions.length - asked.length,
  };
}
