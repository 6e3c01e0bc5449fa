import type { Card } from 'ts-fsrs';
import { DIFFICULTIES, type Difficulty } from './bank/question.js';
import type { Tally } from './progress/summary-data.js';
import { isMastered, orderForDrill } from './schedule.js';

/**
 * The first screen of a drill without filters, as data: questions waiting at each difficulty,
 * mastery per topic, and the topic in progress to continue. Pure: the prompt draws it.
 */

export interface Waiting {
  due: number;
  fresh: number;
}

/** Questions waiting at each difficulty: due reviews and never-seen ones. */
export type DifficultyCounts = Record<Difficulty | 'all', Waiting>;

export interface TopicMastery extends Waiting {
  name: string;
  total: number;
  /** Questions whose card is in review with a stability of 21 days or more (as `stats` counts). */
  mastered: number;
}

export interface StartMenu {
  counts: DifficultyCounts;
  /** Every topic of the questions, by name. */
  topics: TopicMastery[];
  /** The topic of the latest answers that still has something to do today; null when none. */
  resume: TopicMastery | null;
}

/** What the learner chose: a difficulty (null: all) or a topic. */
export type StartPick = { difficulties: Difficulty[] | null; topic: string | null };

/** How many of the latest answered questions say which topic is in progress: about one session. */
export const RECENT_QUESTIONS = 10;

type Q = { id: string; difficulty: Difficulty; topics: readonly string[] };

function waiting(questions: readonly Q[], cards: ReadonlyMap<string, Card>, now: Date, newLeft = Infinity): Waiting {
  const { due, fresh } = orderForDrill(questions, cards as Map<string, Card>, now);
  return { due: due.length, fresh: Math.min(fresh.length, Math.max(0, newLeft)) };
}

/**
 * The topic in progress: the most frequent topic among the latest answered questions, as long as it still has a due review, or a new question the daily
 * limit allows. Otherwise the next topic down that list.
 */
export function topicInProgress(questions: readonly Q[], tallies: ReadonlyMap<string, Pick<Tally, 'lastAt'>>, topics: readonly TopicMastery[], newLeft: number): TopicMastery | null {
  const recent = questions
    .map((q) => ({ q, at: tallies.get(q.id)?.lastAt ?? null }))
    .filter((x): x is { q: Q; at: string } => x.at !== null)
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, RECENT_QUESTIONS);
  const score = new Map<string, { count: number; rank: number }>();
  recent.forEach(({ q }, rank) => {
    for (const t of q.topics) {
      const s = score.get(t);
      if (s) s.count++;
      else score.set(t, { count: 1, rank });
    }
  });
  const byName = new Map(topics.map((t) => [t.name, t]));
  // Ties go to the topic answered last, then to the broader one (a session on `serving` whose
  // questions are also tagged `llm` most likely chose serving, and it has more to continue with).
  const size = (name: string) => byName.get(name)?.total ?? 0;
  const ordered = [...score].sort(([an, a], [bn, b]) => b.count - a.count || a.rank - b.rank || size(bn) - size(an)).map(([name]) => byName.get(name));
  return ordered.find((t): t is TopicMastery => t !== undefined && (t.due > 0 || (newLeft > 0 && t.fresh > 0))) ?? null;
}

export function startMenu(questions: readonly Q[], summary: { cards: ReadonlyMap<string, Card>; tallies: ReadonlyMap<string, Pick<Tally, 'lastAt'>> }, now: Date, newLeft: number): StartMenu {
  const { cards } = summary;
  // A difficulty row promises what the session would give: new questions only as many as today's limit leaves.
  const counts = { all: waiting(questions, cards, now, newLeft) } as DifficultyCounts;
  for (const d of DIFFICULTIES) counts[d] = waiting(questions.filter((q) => q.difficulty === d), cards, now, newLeft);
  const names = [...new Set(questions.flatMap((q) => q.topics))].sort();
  const topics = names.map((name) => {
    const of = questions.filter((q) => q.topics.includes(name));
    return { name, total: of.length, mastered: of.filter((q) => isMastered(cards.get(q.id))).length, ...waiting(of, cards, now, newLeft) };
  });
  return { counts, topics, resume: topicInProgress(questions, summary.tallies, topics, newLeft) };
}
