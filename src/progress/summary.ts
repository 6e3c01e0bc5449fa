import { createEmptyCard, fsrs, Rating, type Card, type Grade as FsrsGrade } from 'ts-fsrs';
import { fsrsParameters, schedulerKey } from '../scheduler-settings.js';
import type { AnswerRecord, Grade } from './record.js';
import { emptySummary, inTimeOrder, type Summary } from './summary-data.js';

export * from './summary-data.js';

/**
 * The fold itself, the only code that needs the FSRS scheduler: loaded when there are
 * answers to fold, so a learner's first start never loads it.
 */
const RATING: Record<Grade, FsrsGrade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

// The learner's retention and parameters, without fuzz: the same log must give the same schedule
// on every machine and every run. Built on first use, after the settings are read.
let built: { key: string; scheduler: ReturnType<typeof fsrs> } | null = null;
function scheduler(): ReturnType<typeof fsrs> {
  const key = schedulerKey();
  if (built?.key !== key) built = { key, scheduler: fsrs(fsrsParameters()) };
  return built.scheduler;
}

/**
 * Fold answers (already in time order) into the summary. Cram answers and skips
 * without a grade are counted but leave the schedule alone.
 */
export function fold(summary: Summary, ordered: readonly { a: AnswerRecord; t: number }[]): Summary {
  // Looked up once per fold, not per answer: the settings do not change during one.
  const fsrsScheduler = ordered.length > 0 ? scheduler() : null;
  let quarter = NaN;
  for (const { a, t } of ordered) {
    summary.answers++;
    summary.lastTime = Math.max(summary.lastTime, t);
    // To the quarter hour: every time zone's offset is a multiple of 15 minutes, so stats can find the learner's local day.
    // Answers come in time order, so a run of them in one quarter hour is formatted once.
    if (Number.isFinite(t) && t - (t % 900_000) !== quarter) {
      quarter = t - (t % 900_000);
      summary.days.add(new Date(quarter).toISOString().slice(0, 16));
    }
    const tally = summary.tallies.get(a.id) ?? { attempts: 0, answered: 0, correct: 0, lastResult: null, lastAt: null, firstGradedAt: null, lastGradedAt: null };
    tally.attempts++;
    if (a.result !== 'skipped') tally.answered++;
    if (a.result === 'correct') tally.correct++;
    if (tally.lastAt === null || a.at >= tally.lastAt) {
      tally.lastAt = a.at;
      tally.lastResult = a.result;
    }
    summary.tallies.set(a.id, tally);
    if (a.grade === null || a.mode === 'cram') continue;
    tally.firstGradedAt ??= a.at;
    tally.lastGradedAt = a.at;
    const card: Card = summary.cards.get(a.id) ?? createEmptyCard<Card>(new Date(t));
    const last = card.last_review ? card.last_review.getTime() : -Infinity;
    summary.cards.set(a.id, fsrsScheduler!.next(card, new Date(Math.max(t, last)), RATING[a.grade]).card);
  }
  return summary;
}

export function summarise(answers: readonly AnswerRecord[]): Summary {
  return fold(emptySummary(), inTimeOrder(answers));
}

/**
 * Derive every card from the answers, in time order. The log is the one source of
 * truth: nothing about the schedule is stored. Cram answers and skips without a
 * grade do not touch the schedule.
 */
export function replay(answers: readonly AnswerRecord[]): Map<string, Card> {
  return summarise(answers).cards;
}
