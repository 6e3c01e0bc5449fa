import { describe, expect, it } from 'vitest';
import { seededRandom, shuffle } from '../../src/random.js';

const take = (r: () => number, n: number) => Array.from({ length: n }, () => r());

describe('seededRandom', () => {
  it.each([0, 1, 42, -1, 2 ** 31, 123456789])('seed %i gives the same sequence twice', (seed) => {
    expect(take(seededRandom(seed), 20)).toEqual(take(seededRandom(seed), 20));
  });

  it('different seeds give different sequences', () => {
    const seqs = [1, 2, 3, 42, 1000].map((s) => take(seededRandom(s), 5).join(','));
    expect(new Set(seqs).size).toBe(5);
  });

  it('gives numbers in [0, 1) that are not all the same', () => {
    const xs = take(seededRandom(7), 1000);
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(new Set(xs).size).toBeGreaterThan(990);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(0.6);
  });

  it('reads a seed as a 32-bit unsigned number', () => {
    expect(take(seededRandom(-1), 3)).toEqual(take(seededRandom(2 ** 32 - 1), 3));
  });
});

describe('shuffle', () => {
  const items = Array.from({ length: 30 }, (_, i) => `q${i}`);

  it('returns a permutation and leaves the input alone', () => {
    const before = [...items];
    const out = shuffle(items, seededRandom(5));
    expect(out).not.toBe(items);
    expect(items).toEqual(before);
    expect([...out].sort()).toEqual([...items].sort());
    expect(out).not.toEqual(items);
  });

  it('is the same for the same seed and differs for another seed', () => {
    expect(shuffle(items, seededRandom(9))).toEqual(shuffle(items, seededRandom(9)));
    expect(shuffle(items, seededRandom(9))).not.toEqual(shuffle(items, seededRandom(10)));
  });

  it.each([[[]], [['only']]])('handles %j', (list) => {
    expect(shuffle(list, seededRandom(1))).toEqual(list);
  });

  it('follows Fisher–Yates: with random() = 0 every item swaps with the first', () => {
    expect(shuffle(['a', 'b', 'c', 'd'], () => 0)).toEqual(['b', 'c', 'd', 'a']);
  });

  it('with random() just below 1 keeps the order', () => {
    expect(shuffle(['a', 'b', 'c', 'd'], () => 0.999999)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('can put every item in every place', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      shuffle(['a', 'b', 'c'], seededRandom(seed)).forEach((x, i) => seen.add(`${x}${i}`));
    }
    expect(seen.size).toBe(9);
  });
});
