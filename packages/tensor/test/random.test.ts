import { describe, expect, it } from 'vitest';
import {
  foldIn,
  key,
  philox4x32,
  rand,
  randint,
  randn,
  randomBits,
  splitKey,
  truncatedNormal,
} from '../src/index.js';

const hex = (a: Uint32Array) => Array.from(a, (v) => v.toString(16).padStart(8, '0'));

describe('Philox4x32-10', () => {
  // Random123's published known-answer vectors (tests/kat_vectors)
  it.each([
    [
      [0, 0, 0, 0],
      [0, 0],
      ['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8'],
    ],
    [
      [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
      [0xffffffff, 0xffffffff],
      ['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd'],
    ],
    [
      [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
      [0xa4093822, 0x299f31d0],
      ['d16cfe09', '94fdcceb', '5001e420', '24126ea1'],
    ],
  ])('matches the known answer for counter %j key %j', (c, k, want) => {
    expect(hex(philox4x32(c[0]!, c[1]!, c[2]!, c[3]!, k[0]!, k[1]!))).toEqual(want);
  });

  it('is a pure function of (key, counter): same seed, same numbers; different seeds differ', async () => {
    const a = await randn([1000], { seed: 42 }).data();
    const b = await randn([1000], { seed: 42 }).data();
    const c = await randn([1000], { seed: 43 }).data();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('streams are prefix-stable: the first n numbers do not depend on how many are drawn', () => {
    const k = key(7);
    expect(Array.from(randomBits(k, 5))).toEqual(Array.from(randomBits(k, 13).slice(0, 5)));
  });

  it('split and foldIn derive distinct keys deterministically', () => {
    const k = key(1);
    const [a, b] = splitKey(k);
    expect(a).not.toEqual(b);
    expect(splitKey(k)).toEqual([a, b]);
    expect(foldIn(k, 5)).toEqual(foldIn(k, 5));
    expect(foldIn(k, 5)).not.toEqual(foldIn(k, 6));
    expect(key(2 ** 40 + 3)).toEqual([3, 2 ** 8]);
  });
});

function moments(d: ArrayLike<number>) {
  let m = 0;
  for (let i = 0; i < d.length; i++) m += d[i]!;
  m /= d.length;
  let v = 0;
  let s = 0;
  let k = 0;
  for (let i = 0; i < d.length; i++) {
    const z = d[i]! - m;
    v += z * z;
    s += z * z * z;
    k += z * z * z * z;
  }
  v /= d.length;
  return { mean: m, var: v, skew: s / d.length / v ** 1.5, kurt: k / d.length / (v * v) };
}

describe('distributions (n = 200,000)', () => {
  const n = 200_000;
  it('randn has mean 0, variance 1, skew 0, kurtosis 3', async () => {
    const m = moments(await randn([n], { seed: 3 }).data());
    // standard errors: mean 1/sqrt(n) = 0.0022, var sqrt(2/n) = 0.0032
    expect(Math.abs(m.mean)).toBeLessThan(0.01);
    expect(Math.abs(m.var - 1)).toBeLessThan(0.015);
    expect(Math.abs(m.skew)).toBeLessThan(0.03);
    expect(Math.abs(m.kurt - 3)).toBeLessThan(0.06);
  });

  it('rand is uniform on [0, 1): mean 1/2, variance 1/12, even deciles', async () => {
    const d = await rand([n], { seed: 4 }).data();
    const m = moments(d);
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(m.var - 1 / 12)).toBeLessThan(0.002);
    const bins = new Array(10).fill(0);
    for (const v of d) {
      expect(v >= 0 && v < 1).toBe(true);
      bins[Math.floor(v * 10)]++;
    }
    // chi-square with 9 dof: 99.9% quantile is 27.9
    const chi = bins.reduce((s, b) => s + (b - n / 10) ** 2 / (n / 10), 0);
    expect(chi).toBeLessThan(27.9);
  });

  it('randint covers [low, high) evenly', async () => {
    const d = await randint(-3, 4, [70_000], { seed: 5 }).data();
    const counts = new Map<number, number>();
    for (const v of d) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    for (const c of counts.values()) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('truncatedNormal stays inside [a, b] (absolute bounds, like timm)', async () => {
    const d = await truncatedNormal([20_000], { seed: 6, std: 1, a: -1, b: 1.5 }).data();
    for (const v of d) expect(v >= -1 && v <= 1.5).toBe(true);
    const m = moments(d);
    // mean of N(0,1) truncated to [-1, 1.5]: (phi(-1) - phi(1.5)) / (Phi(1.5) - Phi(-1)) = 0.1311
    expect(m.mean).toBeCloseTo(0.1311, 1);
  });
});
