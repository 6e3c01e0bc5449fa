import type { Card, State } from 'ts-fsrs';

/**
 * One FSRS review, written out by hand: the card ts-fsrs 5.4.2 gives for
 * `fsrs({ enable_fuzz: false, request_retention, w }).next(card, now, grade).card`, every field
 * identical, bit for bit (tests/unit/fsrs-step.property.test.ts runs random histories through both).
 *
 * Why not ts-fsrs itself: the fold replays every answer of the log when there is no checkpoint,
 * and ts-fsrs's per-review work (converting and copying the card several times, the cards of all
 * four grades of a review, a fuzz seed computed even with fuzz off, step strings parsed at every
 * call) was most of the first `stats` on a long log. This computes only the grade given, with
 * plain numbers, and needs no module loaded. ts-fsrs stays the reference (the test) and the live
 * session's scheduler (learning-fsrs.ts).
 *
 * The settings are those mlops-drill uses, fixed: no fuzz, short-term scheduling on (so the
 * learning steps apply), ts-fsrs's default learning steps (1m, 10m) and relearning step (10m),
 * the default maximum interval (36,500 days). What varies is the desired retention and the
 * weights, taken exactly as ts-fsrs takes them (migrated from 17 or 19 numbers, clipped).
 * Where ts-fsrs throws (an impossible memory state, a retention outside (0, 1]), so does this,
 * with the same message (a plain Error or TypeError, not ts-fsrs's FSRSError class).
 * A new ts-fsrs may schedule differently: the property test, run against the installed one,
 * is what says whether this step still matches it.
 */

const NEW = 0;
const LEARNING = 1;
const REVIEW = 2;
const RELEARNING = 3;

const S_MIN = 0.001;
const S_MAX = 36_500;
const MAXIMUM_INTERVAL = 36_500;
const MINUTE = 60 * 1000;
/** ts-fsrs's learning steps and relearning steps, in minutes. */
const LEARNING_STEPS: readonly number[] = [1, 10];
const RELEARNING_STEPS: readonly number[] = [10];

/** ts-fsrs 5.4.2's built-in weights (FSRS-6). */
const DEFAULT_W: readonly number[] = [
  0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425,
  0.0912, 0.0658, 0.1542,
];
/** The range of each weight, short-term scheduling on, one relearning step (so w17 and w18 keep their ceiling of 2). */
const W_RANGE: readonly (readonly [number, number])[] = [
  [S_MIN, 100], [S_MIN, 100], [S_MIN, 100], [S_MIN, 100], [1, 10], [0.001, 4], [0.001, 4], [0.001, 0.75], [0, 4.5], [0, 0.8], [0.001, 3.5],
  [0.001, 5], [0.001, 0.25], [0.001, 0.9], [0, 4], [0, 1], [1, 6], [0, 2], [0, 2], [0.01, 0.8], [0.1, 0.8],
];

// ts-fsrs's helpers, with the same operations in the same order (floating point is not associative).
const clamp = (v: number, min: number, max: number): number => Math.min(Math.max(v, min), max);
const round8 = (v: number): number => Math.round(v * 1e8) / 1e8;
const clip = (w: readonly number[]): number[] => w.map((x, i) => clamp(x || 0, W_RANGE[i]![0], W_RANGE[i]![1]));

/** Weights as ts-fsrs migrates them: 21 are clipped; 19 (FSRS-5) and 17 (FSRS-4.5) are extended; anything else gives the defaults. */
function migrate(w: readonly number[] | undefined): number[] {
  if (w === undefined) return [...DEFAULT_W];
  switch (w.length) {
    case 21:
      return clip(w);
    case 19:
      console.debug('[FSRS-6]auto fill w from 19 to 21 length');
      return clip(w).concat([0, 0.5]);
    case 17: {
      const m = clip(w);
      m[4] = +(m[5]! * 2 + m[4]!).toFixed(8);
      m[5] = +(Math.log(m[5]! * 3 + 1) / 3).toFixed(8);
      m[6] = +(m[6]! + 0.5).toFixed(8);
      console.debug('[FSRS-6]auto fill w from 17 to 21 length');
      return m.concat([0, 0, 0, 0.5]);
    }
    default:
      console.warn('[FSRS]Invalid parameters length, using default parameters');
      return [...DEFAULT_W];
  }
}

/** Everything a review needs that depends only on the settings, computed once per fold. */
export interface StepParameters {
  readonly w: readonly number[];
  readonly decay: number;
  readonly factor: number;
  readonly intervalModifier: number;
  /** D0(easy), the target of the difficulty's mean reversion. */
  readonly easyDifficulty: number;
  /** exp(w8), and the lower bound of stability after a lapse (s / exp(w17 * w18)). */
  readonly expW8: number;
  readonly expW17W18: number;
}

export function stepParameters(requestRetention: number | undefined, weights: readonly number[] | undefined): StepParameters {
  // Clipped twice in ts-fsrs (when migrated and when prepared): clipping is idempotent, so once here.
  const w = clip(migrate(weights));
  const retention = requestRetention || 0.9;
  const decay = -w[20]!;
  const factor = round8(Math.exp(Math.pow(decay, -1) * Math.log(0.9)) - 1);
  if (retention <= 0 || retention > 1) throw new Error('Requested retention rate should be in the range (0,1]');
  const intervalModifier = round8((Math.pow(retention, 1 / decay) - 1) / factor);
  return { w, decay, factor, intervalModifier, easyDifficulty: initDifficulty(w, 4), expW8: Math.exp(w[8]!), expW17W18: Math.exp(w[17]! * w[18]!) };
}

function initDifficulty(w: readonly number[], g: number): number {
  return round8(w[4]! - Math.exp((g - 1) * w[5]!) + 1);
}

function retrievability(p: StepParameters, t: number, s: number): number {
  return round8(Math.pow(1 + (p.factor * t) / s, p.decay));
}

function nextDifficulty(p: StepParameters, d: number, g: number): number {
  const w = p.w;
  const delta = -w[6]! * (g - 3);
  const next = d + round8((delta * (10 - d)) / 9);
  return clamp(round8(w[7]! * p.easyDifficulty + (1 - w[7]!) * next), 1, 10);
}

function nextStability(p: StepParameters, d: number, s: number, t: number, g: number, r: number): number {
  const w = p.w;
  if (t === 0) {
    // Short-term: a second review on the same day.
    const sinc = Math.pow(s, -w[19]!) * Math.exp(w[17]! * (g - 3 + w[18]!));
    return round8(clamp(s * (g >= 2 ? Math.max(sinc, 1) : sinc), S_MIN, S_MAX));
  }
  if (g === 1) {
    const afterLapse = round8(clamp(w[11]! * Math.pow(d, -w[12]!) * (Math.pow(s + 1, w[13]!) - 1) * Math.exp((1 - r) * w[14]!), S_MIN, S_MAX));
    return clamp(round8(s / p.expW17W18), S_MIN, afterLapse);
  }
  const hard = g === 2 ? w[15]! : 1;
  const easy = g === 4 ? w[16]! : 1;
  return round8(clamp(s * (1 + p.expW8 * (11 - d) * Math.pow(s, -w[9]!) * (Math.exp((1 - r) * w[10]!) - 1) * hard * easy), S_MIN, S_MAX));
}

/** Days until the next review for stability `s` at the desired retention (no fuzz). */
function interval(p: StepParameters, s: number): number {
  return Math.min(Math.max(1, Math.round(s * p.intervalModifier)), MAXIMUM_INTERVAL);
}

/** The first instant of the UTC day holding `ms`. */
const dayStart = (ms: number): number => ms - (((ms % 864e5) + 864e5) % 864e5);
/** Date.UTC reads the years 0 to 99 as 1900 to 1999: times in them take ts-fsrs's own path. */
const YEAR_0 = -62_167_219_200_000;
const YEAR_100 = -59_011_459_200_000;
const twoDigitYear = (ms: number): boolean => ms >= YEAR_0 && ms < YEAR_100;

/** Whole UTC days from `from` to `to` (ms), as ts-fsrs counts them (calendar days, not 24-hour spans). */
function dayDiff(from: number, to: number): number {
  if (twoDigitYear(from) || twoDigitYear(to)) {
    const a = new Date(from);
    const b = new Date(to);
    const utcA = Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), a.getUTCDate());
    const utcB = Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate());
    return Math.floor((utcB - utcA) / 864e5);
  }
  // Both day starts are whole multiples of a day: the division is exact.
  return Math.floor((dayStart(to) - dayStart(from)) / 864e5);
}

/** A step's minutes; ts-fsrs fails on a step index that is not a whole number, and so does this. */
function stepMinutes(m: number | undefined): number {
  if (m === undefined) throw new TypeError("Cannot read properties of undefined (reading 'slice')");
  return m;
}

/**
 * A card as plain numbers, changed in place by `step`: a fold steps one card many times and
 * needs its Date objects only at the end. Times are in ms; `last` is undefined before the first review.
 */
export interface CardState {
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  reps: number;
  lapses: number;
  learning_steps: number;
  state: number;
  last: number | undefined;
}

export function cardState(card: Card): CardState {
  return {
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    reps: card.reps,
    lapses: card.lapses,
    learning_steps: card.learning_steps,
    state: card.state,
    last: card.last_review ? card.last_review.getTime() : undefined,
  };
}

/**
 * The Card of a state. Its fields are in the order of `like`, the card it was made from, as ts-fsrs
 * keeps them (a card read from a checkpoint has its own order), else in createEmptyCard's order.
 */
export function toCard(c: CardState, like?: Card): Card {
  if (like) {
    const card: Card = { ...like };
    card.due = new Date(c.due);
    card.stability = c.stability;
    card.difficulty = c.difficulty;
    card.elapsed_days = c.elapsed_days;
    card.scheduled_days = c.scheduled_days;
    card.reps = c.reps;
    card.lapses = c.lapses;
    card.learning_steps = c.learning_steps;
    card.state = c.state as State;
    card.last_review = c.last === undefined ? undefined : new Date(c.last);
    return card;
  }
  return {
    due: new Date(c.due),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsed_days,
    scheduled_days: c.scheduled_days,
    reps: c.reps,
    lapses: c.lapses,
    learning_steps: c.learning_steps,
    state: c.state as State,
    last_review: c.last === undefined ? undefined : new Date(c.last),
  };
}

/**
 * The card after a review with `grade` (1 again, 2 hard, 3 good, 4 easy) at `now`. The card
 * given is not changed; `now` becomes the new card's last_review.
 */
export function nextCard(p: StepParameters, card: Card, now: Date, grade: number): Card {
  const c = cardState(card);
  step(p, c, now.getTime(), grade);
  return toCard(c, card);
}

/** A review of `c` with `grade` at `now` (ms): `c` becomes the card after it. On a failure `c` is left as it was. */
export function step(p: StepParameters, c: CardState, now: number, grade: number): void {
  if (!Number.isFinite(grade) || grade < 1 || grade > 4) throw new Error(`Invalid grade "${grade}",expected 1-4`);
  const state = c.state;
  // ts-fsrs has no review for a state it does not know, and fails reading its result.
  if (state !== NEW && state !== LEARNING && state !== REVIEW && state !== RELEARNING) throw new TypeError("Cannot read properties of undefined (reading 'card')");
  const elapsed = state !== NEW && c.last !== undefined ? dayDiff(c.last, now) : 0;
  const d = c.difficulty;
  const s = c.stability;
  let difficulty: number;
  let stability: number;
  if (elapsed < 0) throw new Error(`Invalid delta_t "${elapsed}"`);
  if (d === 0 && s === 0) {
    difficulty = clamp(initDifficulty(p.w, grade), 1, 10);
    stability = Math.max(p.w[grade - 1]!, 0.1);
  } else {
    if (d < 1 || s < S_MIN) throw new Error(`Invalid memory state { difficulty: ${d}, stability: ${s} }`);
    stability = nextStability(p, d, s, elapsed, grade, retrievability(p, elapsed, s));
    difficulty = nextDifficulty(p, d, grade);
  }
  const currentStep = c.learning_steps || 0;
  let nextState: number;
  let steps: number;
  let scheduledDays: number;
  let due: number;
  let lapses = c.lapses;
  // ts-fsrs works out all four grades of a review, so a step it cannot read fails every grade.
  if (state === REVIEW && currentStep < RELEARNING_STEPS.length) stepMinutes(RELEARNING_STEPS[Math.max(0, currentStep)]);
  if (state === REVIEW && grade > 1) {
    // Hard, good and easy keep their intervals in order: hard ≤ good < easy.
    const ownOrInit = (g: number) =>
      d === 0 && s === 0 ? Math.max(p.w[g - 1]!, 0.1) : nextStability(p, d, s, elapsed, g, retrievability(p, elapsed, s));
    let days: number;
    if (grade === 2) days = Math.min(interval(p, stability), interval(p, ownOrInit(3)));
    else {
      const good = grade === 3 ? interval(p, stability) : interval(p, ownOrInit(3));
      const goodDays = Math.max(good, Math.min(interval(p, ownOrInit(2)), good) + 1);
      days = grade === 3 ? goodDays : Math.max(interval(p, stability), goodDays + 1);
    }
    nextState = REVIEW;
    steps = 0;
    scheduledDays = days;
    due = now + days * 24 * 60 * 60 * 1e3;
  } else {
    // New, learning and relearning cards, and a lapse: the learning steps, then the first interval.
    const list = state === RELEARNING || state === REVIEW ? RELEARNING_STEPS : LEARNING_STEPS;
    let minutes = 0;
    let nextStep = 0;
    if (currentStep < list.length) {
      if (state === REVIEW) minutes = stepMinutes(list[Math.max(0, currentStep)]);
      else if (grade === 1) minutes = list[0]!;
      else if (grade === 2) {
        minutes = list.length === 1 ? Math.round(list[0]! * 1.5) : Math.round((list[0]! + list[1]!) / 2);
        nextStep = currentStep;
      } else if (grade === 3) {
        const following = list[currentStep + 1];
        if (following) {
          minutes = Math.round(following);
          nextStep = currentStep + 1;
        }
      }
    }
    minutes = Math.max(0, minutes);
    nextStep = Math.max(0, nextStep);
    if (minutes > 0 && minutes < 1440) {
      nextState = state === NEW ? LEARNING : state === REVIEW ? RELEARNING : state;
      steps = nextStep;
      scheduledDays = 0;
      due = now + Math.round(minutes) * MINUTE;
    } else {
      // No step left for this grade (or a step of a day or more, which these steps do not have): graduate.
      nextState = REVIEW;
      steps = 0;
      scheduledDays = interval(p, stability);
      due = now + scheduledDays * 24 * 60 * 60 * 1e3;
    }
    if (state === REVIEW) lapses += 1;
  }
  c.due = due;
  c.stability = stability;
  c.difficulty = difficulty;
  c.elapsed_days = elapsed;
  c.scheduled_days = scheduledDays;
  c.reps += 1;
  c.lapses = lapses;
  c.learning_steps = steps;
  c.state = nextState;
  c.last = now;
}
