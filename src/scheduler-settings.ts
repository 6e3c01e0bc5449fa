/**
 * The learner's scheduling settings (desired retention, fitted parameters) as both the replay
 * of the log and the live session use them, so what the learner is told is what the log will
 * say. Set once at start-up from the settings file; tiny and free of the scheduler itself, so
 * reading it never loads ts-fsrs.
 */
export interface SchedulerSettings {
  requestRetention: number;
  /** FSRS weights; null for the scheduler's built-in ones. */
  weights: number[] | null;
}

let current: SchedulerSettings = { requestRetention: 0.9, weights: null };

export function useSchedulerSettings(s: SchedulerSettings): void {
  current = { requestRetention: s.requestRetention, weights: s.weights ? [...s.weights] : null };
}

/** A key that changes when the settings do: a checkpoint folded with other settings is not reused. */
export function schedulerKey(): string {
  return JSON.stringify([current.requestRetention, current.weights]);
}

/** ts-fsrs's parameters for these settings. No fuzz: the same log gives the same schedule everywhere. */
export function fsrsParameters(): { enable_fuzz: false; request_retention: number; w?: number[] } {
  return { enable_fuzz: false, request_retention: current.requestRetention, ...(current.weights ? { w: current.weights } : {}) };
}
