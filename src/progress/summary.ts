import type { Card } from 'ts-fsrs';
import { fsrsParameters, schedulerKey } from '../scheduler-settings.js';
import { STATE } from '../schedule.js';
import { cardState, step, stepParameters, toCard, type CardState, type StepParameters } from './fsrs-step.js';
import type { AnswerRecord, Grade } from './record.js';
import { emptySummary, inTimeOrder, quarterOf, type QuarterTally, type Summary, type Tally } from './summary-data.js';

export * from './summary-data.js';

/**
 * The fold itself, the only code that schedules: loaded when there are answers to fold, so a
 * learner's first start never loads it. It schedules with the hand-written FSRS step
 * (fsrs-step.ts), which gives exactly ts-fsrs's cards without loading ts-fsrs or paying its
 * per-review cost: the first fold of a long log replays every answer.
 */
const RATING: Record<Grade, number> = { again: 1, hard: 2, good: 3, easy: 4 };

// The learner's retention and parameters, without fuzz: the same log must give the same schedule
// on every machine and every run. Built on first use, after the settings are read.
let built: { key: string; parameters: StepParameters } | null = null;
function parameters(): StepParameters {
  const key = schedulerKey();
  if (built?.key !== key) {
    const { request_retention, w } = fsrsParameters();
    built = { key, parameters: stepParameters(request_retention, w) };
  }
  return built.parameters;
}

/** A question never graded, as ts-fsrs's createEmptyCard makes it (its due is never read: every review sets it). */
const unseen = (): CardState => ({
  due: 0,
  stability: 0,
  difficulty: 0,
  elapsed_days: 0,
  scheduled_days: 0,
  reps: 0,
  lapses: 0,
  learning_steps: 0,
  state: STATE.New,
  last: undefined,
});

/** A question met in one fold: its tally (in the summary) and its card, while it is being stepped. */
interface Question {
  id: string;
  tally: Tally;
  card: CardState | null;
  /** The card the summary held before this fold, whose field order the new one keeps (as ts-fsrs does). */
  held: Card | undefined;
}

/** The counts of the quarter hour holding `t`, made when it has none yet. */
function quarterIn(summary: Summary, t: number): QuarterTally {
  const key = quarterOf(t);
  let q = summary.quarters.get(key);
  if (!q) summary.quarters.set(key, (q = { answers: 0, correct: 0, reviews: 0, recalled: 0 }));
  return q;
}

/**
 * Fold answers (already in time order) into the summary. Cram answers and skips
 * without a grade are counted but leave the schedule alone.
 */
export function fold(summary: Summary, ordered: readonly { a: AnswerRecord; t: number }[]): Summary {
  return foldInOrder(
    summary,
    ordered.map((o) => o.a),
    ordered.map((o) => o.t),
  );
}

/** fold, with the answers and their times (ms) in two lists: a long log's fold makes no object per answer. */
export function foldInOrder(summary: Summary, answers: readonly AnswerRecord[], times: ArrayLike<number>): Summary {
  // Looked up once per fold, not per answer: the settings do not change during one.
  const p = answers.length > 0 ? parameters() : null;
  // Answers come in time order, so a run of them in one quarter hour finds its counts once.
  let quarterStart = NaN;
  let quarter: QuarterTally | undefined;
  const inQuarter = (t: number): QuarterTally => {
    const start = t - (t % 900_000);
    if (start !== quarterStart || !quarter) {
      quarterStart = start;
      quarter = quarterIn(summary, t);
    }
    return quarter;
  };
  // One look-up per answer for its question's tally and card; the card is stepped as plain numbers
  // and made a Card (with its Dates) once, when the fold ends, not after every answer.
  const questions = new Map<string, Question>();
  const stepped: Question[] = [];
  try {
    for (let i = 0; i < answers.length; i++) {
      const a = answers[i]!;
      const t = times[i]!;
      summary.answers++;
      summary.lastTime = Math.max(summary.lastTime, t);
      // To the quarter hour: every time zone's offset is a multiple of 15 minutes, so stats can find the learner's local day.
      if (a.result !== 'skipped' && Number.isFinite(t)) {
        const q = inQuarter(t);
        q.answers++;
        if (a.result === 'correct') q.correct++;
      }
      let question = questions.get(a.id);
      if (!question) {
        let tally = summary.tallies.get(a.id);
        if (!tally) summary.tallies.set(a.id, (tally = { attempts: 0, answered: 0, correct: 0, lastResult: null, lastAt: null, firstGradedAt: null, lastGradedAt: null }));
        questions.set(a.id, (question = { id: a.id, tally, card: null, held: undefined }));
      }
      const tally = question.tally;
      tally.attempts++;
      if (a.result !== 'skipped') tally.answered++;
      if (a.result === 'correct') tally.correct++;
      if (tally.lastAt === null || a.at >= tally.lastAt) {
        tally.lastAt = a.at;
        tally.lastResult = a.result;
      }
      if (a.grade === null || a.mode === 'cram') continue;
      tally.firstGradedAt ??= a.at;
      tally.lastGradedAt = a.at;
      let card = question.card;
      if (!card) {
        const held = summary.cards.get(a.id);
        question.held = held;
        question.card = card = held ? cardState(held) : unseen();
        stepped.push(question);
      }
      // True retention counts reviews of questions already learned, as Anki's does: not learning steps, not new questions.
      if (card.state === STATE.Review && Number.isFinite(t)) {
        const q = inQuarter(t);
        q.reviews++;
        if (a.grade !== 'again') q.recalled++;
      }
      step(p!, card, Math.max(t, card.last ?? -Infinity), RATING[a.grade]);
    }
  } finally {
    // In the order their first graded answers came: a question new to the summary is added at the end, as set() after each answer did.
    for (const q of stepped) summary.cards.set(q.id, toCard(q.card!, q.held));
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
