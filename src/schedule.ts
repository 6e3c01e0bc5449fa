import type { Card } from 'ts-fsrs';

/** ts-fsrs's State values (checked by a test), so this module needs no scheduler at run time. */
export const STATE = { New: 0, Learning: 1, Review: 2, Relearning: 3 } as const;

/** A question's schedule as `list --json` shows it. */
export interface CardView {
  due: string;
  state: 'new' | 'learning' | 'review' | 'relearning';
  stability: number;
  difficulty: number;
  reps: number;
  lapses: number;
  lastReview: string | null;
}

/** Stability (days) from which a card counts as mastered. */
export const MASTERED_DAYS = 21;
/** Misses from which a question is marked as a leech. */
export const LEECH_LAPSES = 4;

let leechThreshold: number = LEECH_LAPSES;
/** The learner's leech-threshold setting, read at start-up with the other settings. */
export function useLeechThreshold(lapses: number): void {
  leechThreshold = lapses;
}
export function leechLapses(): number {
  return leechThreshold;
}

const STATE_NAMES: Record<number, CardView['state']> = {
  [STATE.New]: 'new',
  [STATE.Learning]: 'learning',
  [STATE.Review]: 'review',
  [STATE.Relearning]: 'relearning',
};

export function viewCard(card: Card | undefined): CardView | null {
  if (!card) return null;
  return {
    due: card.due.toISOString(),
    state: STATE_NAMES[card.state] ?? 'new',
    stability: Math.round(card.stability * 1000) / 1000,
    difficulty: Math.round(card.difficulty * 1000) / 1000,
    reps: card.reps,
    lapses: card.lapses,
    lastReview: card.last_review ? card.last_review.toISOString() : null,
  };
}

export function isDue(card: Card | undefined, now: Date): boolean {
  return card !== undefined && card.due.getTime() <= now.getTime();
}

export function isMastered(card: Card | undefined): boolean {
  return card !== undefined && card.state === STATE.Review && card.stability >= MASTERED_DAYS;
}

/**
 * The default drill order: due reviews first, most overdue first; then questions
 * never reviewed, in the order given (already shuffled by the caller).
 */
export function orderForDrill<T extends { id: string }>(
  questions: readonly T[],
  cards: Map<string, Card>,
  now: Date,
): { due: T[]; fresh: T[]; later: T[] } {
  const due: T[] = [];
  const fresh: T[] = [];
  const later: T[] = [];
  for (const q of questions) {
    const card = cards.get(q.id);
    if (!card) fresh.push(q);
    else if (isDue(card, now)) due.push(q);
    else later.push(q);
  }
  due.sort((a, b) => cards.get(a.id)!.due.getTime() - cards.get(b.id)!.due.getTime());
  later.sort((a, b) => cards.get(a.id)!.due.getTime() - cards.get(b.id)!.due.getTime());
  return { due, fresh, later };
}
