import { describe, expect, it } from 'vitest';
import { fitParameters, loadOptimizer, reviewHistories, trainingSequences, usefulReviews, type Review } from '../../src/optimize.js';
import { answer } from '../builders.js';

describe('review histories for the optimiser', () => {
  it('keeps graded answers per question in time order, with learning days between them', () => {
    const answers = [
      answer('q1', '2026-03-03T10:00:00', 'good'),
      answer('q1', '2026-03-01T10:00:00', 'again', 'drill', 'incorrect'),
      answer('q1', '2026-03-01T10:05:00', 'good'),
      answer('q2', '2026-03-02T10:00:00', null, 'drill', 'skipped'),
      answer('q1', '2026-03-04T02:00:00', 'easy', 'cram'),
    ];
    expect(reviewHistories(answers, 4)).toEqual([
      [
        { rating: 1, deltaT: 0 },
        { rating: 3, deltaT: 0 },
        { rating: 3, deltaT: 2 },
      ],
    ]);
  });

  it('counts a review at 2 a.m. on the learning day before, with the day starting at 4', () => {
    const answers = [answer('q', '2026-03-01T20:00:00', 'good'), answer('q', '2026-03-02T02:00:00', 'good')];
    expect(reviewHistories(answers, 4)[0]!.map((r) => r.deltaT)).toEqual([0, 0]);
    expect(reviewHistories(answers, 0)[0]!.map((r) => r.deltaT)).toEqual([0, 1]);
  });

  it('turns each later review into a training item holding the history before it', () => {
    const h: Review[] = [{ rating: 3, deltaT: 0 }, { rating: 3, deltaT: 1 }, { rating: 1, deltaT: 3 }];
    expect(trainingSequences([h])).toEqual([h.slice(0, 2), h]);
    expect(usefulReviews([h, [{ rating: 3, deltaT: 0 }, { rating: 3, deltaT: 0 }]])).toBe(2);
  });
});

describe('loading the optimiser', () => {
  it('explains a missing package in one line instead of failing', async () => {
    const err = Object.assign(new Error("Cannot find package '@open-spaced-repetition/binding'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const missing = await loadOptimizer(() => Promise.reject(err));
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.reason).toMatch(/^the optimiser is not installed; install it beside mlops-drill with: npm install -g @open-spaced-repetition\/binding/);
    expect(await loadOptimizer(() => Promise.resolve({}))).toEqual({ ok: false, reason: 'the optimiser package is not the expected version' });
  });
});

describe('fitting parameters', async () => {
  const loaded = await loadOptimizer();
  if (!loaded.ok) console.log(`fitting test skipped: ${loaded.reason}`);
  it.skipIf(!loaded.ok)('fits 21 parameters to a generated history and predicts it better than the defaults', async () => {
    if (!loaded.ok) return;
    // A learner who forgets faster than the default parameters assume.
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const histories: Review[][] = [];
    for (let c = 0; c < 200; c++) {
      const h: Review[] = [{ rating: 3, deltaT: 0 }];
      let interval = 1;
      for (let r = 0; r < 5; r++) {
        const recalled = rnd() < Math.exp(-interval / (2 * (r + 1)));
        h.push({ rating: recalled ? 3 : 1, deltaT: interval });
        interval = recalled ? Math.ceil(interval * 2.5) : 1;
      }
      histories.push(h);
    }
    const fit = await fitParameters(loaded.module, trainingSequences(histories));
    expect(fit.parameters).toHaveLength(21);
    expect(fit.parameters.every(Number.isFinite)).toBe(true);
    expect(fit.after.logLoss).toBeLessThan(fit.before.logLoss);
  });
});
