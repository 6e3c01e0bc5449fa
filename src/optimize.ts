/**
 * Fitting the FSRS parameters to one learner's own answers. The fitting itself is done by
 * @open-spaced-repetition/binding (fsrs-rs, the optimiser Anki uses), a package with prebuilt
 * binaries that the learner installs beside mlops-drill when they want it: it is not a declared
 * dependency, because its platform packages are not all published for every release and a
 * missing one would break installing mlops-drill itself. It is loaded only by
 * `mlops-drill optimize`; where it cannot load, that command says how to get it and everything
 * else keeps working with the default parameters.
 */
import { learningDay } from './config/day.js';
import type { AnswerRecord, Grade } from './progress/record.js';

/** Fewer reviews than this say more about chance than about the learner. */
export const MIN_REVIEWS = 400;

const RATING: Record<Grade, number> = { again: 1, hard: 2, good: 3, easy: 4 };

export interface Review {
  rating: number;
  /** Learning days since the previous review of the same question (0 for the first). */
  deltaT: number;
}

/**
 * Each question's graded reviews in time order, as the scheduler sees them: skips without a
 * grade and cram answers are left out, exactly as in the schedule's own fold.
 */
export function reviewHistories(answers: readonly AnswerRecord[], dayStartsAt: number): Review[][] {
  const byQuestion = new Map<string, { t: number; rating: number }[]>();
  for (const a of answers) {
    if (a.grade === null || a.mode === 'cram') continue;
    const t = Date.parse(a.at);
    if (Number.isNaN(t)) continue;
    const list = byQuestion.get(a.id) ?? [];
    list.push({ t, rating: RATING[a.grade] });
    byQuestion.set(a.id, list);
  }
  const histories: Review[][] = [];
  for (const list of byQuestion.values()) {
    list.sort((x, y) => x.t - y.t);
    let prevDay: number | null = null;
    histories.push(
      list.map(({ t, rating }) => {
        const day = dayNumber(learningDay(new Date(t), dayStartsAt));
        const deltaT = prevDay === null ? 0 : day - prevDay;
        prevDay = day;
        return { rating, deltaT };
      }),
    );
  }
  return histories;
}

function dayNumber(key: string): number {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** The training items: every review after the first, each with the history before it. */
export function trainingSequences(histories: readonly Review[][]): Review[][] {
  const out: Review[][] = [];
  for (const h of histories) for (let i = 1; i < h.length; i++) out.push(h.slice(0, i + 1));
  return out;
}

/** Reviews that teach the optimiser something: those on a later day than the one before. */
export function usefulReviews(histories: readonly Review[][]): number {
  let n = 0;
  for (const h of histories) for (let i = 1; i < h.length; i++) if (h[i]!.deltaT > 0) n++;
  return n;
}

export interface Fit {
  parameters: number[];
  /** How far predicted recall is from actual recall (root mean square over bins), lower is better. */
  before: { logLoss: number; rmse: number };
  after: { logLoss: number; rmse: number };
}

/** The parts of the binding used here, so tests can pass a stand-in. */
export interface OptimizerModule {
  computeParameters(items: unknown[], options?: { enableShortTerm: boolean }): Promise<number[]>;
  FSRSBinding: new (parameters?: number[]) => { evaluate(items: unknown[]): { logLoss: number; rmseBins: number } };
  FSRSBindingItem: new (reviews: unknown[]) => unknown;
  FSRSBindingReview: new (rating: number, deltaT: number) => unknown;
}

export type LoadResult = { ok: true; module: OptimizerModule } | { ok: false; reason: string };

export const OPTIMIZER_PACKAGE = '@open-spaced-repetition/binding';

// A specifier in a variable: neither the type checker nor the bundler tries to resolve it at build time.
const importOptimizer = (): Promise<unknown> => import(OPTIMIZER_PACKAGE);

export async function loadOptimizer(importer: () => Promise<unknown> = importOptimizer): Promise<LoadResult> {
  try {
    const m = (await importer()) as Partial<OptimizerModule>;
    if (typeof m.computeParameters !== 'function' || typeof m.FSRSBinding !== 'function') return { ok: false, reason: 'the optimiser package is not the expected version' };
    return { ok: true, module: m as OptimizerModule };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason:
        code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
          ? `the optimiser is not installed; install it beside mlops-drill with: npm install -g ${OPTIMIZER_PACKAGE} (or without -g inside a clone)`
          : `the optimiser could not be loaded on this machine: ${(e as Error).message.split('\n')[0]!}`,
    };
  }
}

export async function fitParameters(m: OptimizerModule, sequences: readonly Review[][]): Promise<Fit> {
  const items = sequences.map((seq) => new m.FSRSBindingItem(seq.map((r) => new m.FSRSBindingReview(r.rating, r.deltaT))));
  const parameters = await m.computeParameters(items, { enableShortTerm: true });
  const measure = (p?: number[]) => {
    const e = new m.FSRSBinding(p).evaluate(items);
    return { logLoss: e.logLoss, rmse: e.rmseBins };
  };
  return { parameters, before: measure(), after: measure(parameters) };
}
