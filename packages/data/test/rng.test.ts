import { describe, expect, it } from 'vitest';
import { hashWords, seedWords } from '../src/random/hash.js';
import type { Rng } from '../src/random/rng.js';
import { shuffleRng, viewRng } from '../src/random/streams.js';

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.next());

describe('counter-based random streams', () => {
  it('the same (seed, epoch, index, view) always gives the same stream', () => {
    expect(draw(viewRng(7, 2, 41, 3), 20)).toEqual(draw(viewRng(7, 2, 41, 3), 20));
  });

  it('changing any one counter changes the stream', () => {
    const base = draw(viewRng(7, 2, 41, 3), 8);
    for (const other of [
      viewRng(8, 2, 41, 3),
      viewRng(7, 3, 41, 3),
      viewRng(7, 2, 42, 3),
      viewRng(7, 2, 41, 4),
    ]) {
      expect(draw(other, 8)).not.toEqual(base);
    }
    expect(draw(shuffleRng(7, 2), 8)).not.toEqual(draw(shuffleRng(7, 3), 8));
  });

  it('hashes tuples of different length differently and splits large seeds into two words', () => {
    expect(hashWords([1, 0])).not.toEqual(hashWords([1]));
    expect(seedWords(2 ** 32 + 5)).toEqual([5, 1]);
    expect(draw(viewRng(2 ** 32 + 5, 0, 0, 0), 4)).not.toEqual(draw(viewRng(5, 0, 0, 0), 4));
  });

  it('produces floats in [0, 1) with a plausible mean, and integers in range', () => {
    const rng = viewRng(1, 0, 0, 0);
    const values = draw(rng, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    const ints = Array.from({ length: 1000 }, () => rng.int(6));
    expect(new Set(ints)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });

  it('permutation() is a permutation and chance() respects 0 and 1', () => {
    const rng = shuffleRng(3, 0);
    const order = Array.from(rng.permutation(50));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(order).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from({ length: 100 }, () => rng.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 100 }, () => rng.chance(1)).every(Boolean)).toBe(true);
  });
});
