import { createEmptyCard, fsrs, Rating, type Card, type Grade as FsrsGrade } from 'ts-fsrs';
import type { SessionSchedule } from './learning.js';
import { fsrsParameters } from './scheduler-settings.js';
import type { Grade, Mode } from './progress/record.js';

/** The session's live schedule over ts-fsrs: loaded while the first question is on screen. */
const RATING: Record<Grade, FsrsGrade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };
// The same settings as the replay, without fuzz: what the learner is told is what the log will say.
const scheduler = () => fsrs(fsrsParameters());

export function fsrsSchedule(cards: Map<string, Card>, mode: Mode): SessionSchedule {
  const fsrsNow = scheduler();
  const live = new Map(cards);
  const before = new Map<string, (Card | undefined)[]>();
  return {
    answer(id, grade, at) {
      if (grade === null || mode === 'cram' || mode === 'exam') {
        (before.get(id) ?? before.set(id, []).get(id)!).push(live.get(id));
        return null;
      }
      const card = live.get(id) ?? createEmptyCard<Card>(at);
      const last = card.last_review ? card.last_review.getTime() : -Infinity;
      const next = fsrsNow.next(card, new Date(Math.max(at.getTime(), last)), RATING[grade]).card;
      (before.get(id) ?? before.set(id, []).get(id)!).push(live.get(id));
      live.set(id, next);
      return next.due;
    },
    undo(id) {
      const stack = before.get(id);
      if (!stack || stack.length === 0) return;
      const card = stack.pop();
      if (card) live.set(id, card);
      else live.delete(id);
    },
    dueDates: (except) => [...live].filter(([id]) => !except?.has(id)).map(([, c]) => c.due),
    lapses: (id) => live.get(id)?.lapses ?? 0,
  };
}

