import { LOG_VERSION, newRecordId, type SuspendRecord } from './progress/record.js';
import { isSuspended, type Summary } from './progress/summary-data.js';

/**
 * Setting questions aside and bringing them back (issue 15): which records `suspend` and
 * `unsuspend` write, and when the drill's leech action applies. Pure but for the record ids.
 */

export type SuspendKind = SuspendRecord['kind'];

export interface SuspensionPlan {
  /** Ids whose state this command changes: one record each. */
  change: string[];
  /** Ids already in the state asked for: nothing is written for them. */
  already: string[];
}

/** Which of the named ids a suspend (or unsuspend) changes, in the order named. */
export function planSuspension(kind: SuspendKind, ids: readonly string[], summary: Pick<Summary, 'suspensions'>): SuspensionPlan {
  const plan: SuspensionPlan = { change: [], already: [] };
  for (const id of ids) (isSuspended(summary, id) === (kind === 'suspend') ? plan.already : plan.change).push(id);
  return plan;
}

export function suspendRecord(kind: SuspendKind, fields: { session: string; bank: string; id: string; at: Date }): SuspendRecord {
  return { v: LOG_VERSION, kind, rid: newRecordId(), at: fields.at.toISOString(), session: fields.session, bank: fields.bank, id: fields.id };
}

/**
 * Did this answer make the question a leech? Only a lapse can (a review forgotten), and only at
 * or over the threshold: so the drill speaks when a question reaches it, and again at each further
 * lapse of a question left in the drill, never when a question is merely answered.
 */
export function becameLeech(lapsesBefore: number, lapsesAfter: number, threshold: number): boolean {
  return lapsesAfter > lapsesBefore && lapsesAfter >= threshold;
}

/** The suspended ids among these, in their order. */
export function suspendedAmong<T extends { id: string }>(items: readonly T[], summary: Pick<Summary, 'suspensions'>): T[] {
  return items.filter((q) => isSuspended(summary, q.id));
}
