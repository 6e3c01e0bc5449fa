import { describe, expect, it } from 'vitest';
import { questionsById, suggestIds } from '../../src/question-ids.js';
import { question } from '../builders.js';

const IDS = ['monitoring-p99-not-averageable', 'rollout-shadow-deployment-limits', 'serving-fastapi-advantage', 'containers-works-in-staging-not-prod'];
const BANK = IDS.map((id) => question({ id }));

describe('questionsById', () => {
  it('gives the named questions in the order named, whatever the letter case, once each', () => {
    expect(questionsById(BANK, ['ROLLOUT-shadow-deployment-limits', 'serving-fastapi-advantage', 'rollout-shadow-deployment-limits']).map((q) => q.id)).toEqual([
      'rollout-shadow-deployment-limits',
      'serving-fastapi-advantage',
    ]);
  });

  it('refuses an unknown id with a usage error naming the closest', () => {
    expect(() => questionsById(BANK, ['monitoring-p99-not-averagable'])).toThrow("no question with id 'monitoring-p99-not-averagable'. Did you mean: monitoring-p99-not-averageable?");
  });
});

describe('suggestIds', () => {
  it.each([
    ['Monitoring-P99-Not-Averagable', ['monitoring-p99-not-averageable']],
    ['shadow-deployment', ['rollout-shadow-deployment-limits']],
    ['p99-averages', ['monitoring-p99-not-averageable']],
    ['zzz', []],
  ])('%j → %j', (id, expected) => {
    expect(suggestIds(id, IDS)).toEqual(expected);
  });
});
