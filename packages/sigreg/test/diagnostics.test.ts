import { matmul, randn, scope, tensor, zeros } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import {
  covarianceSpectrum,
  describeIsotropy,
  effectiveRank,
  formatIsotropy,
  isotropyReport,
  symmetricEigenvalues,
} from '../src/index.js';

/** Q diag(values) Q^T with Q a product of Householder reflections (exactly orthogonal up to rounding). */
function withSpectrum(values: readonly number[], seed: number): Float64Array {
  const n = values.length;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = values[i]!;
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  for (let r = 0; r < 3; r++) {
    const v = Array.from({ length: n }, random);
    const vv = v.reduce((s, x) => s + x * x, 0);
    // m <- H m H with H = I - 2 v v^T / v^T v
    const apply = (left: boolean) => {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += v[i]! * (left ? m[i * n + j]! : m[j * n + i]!);
        for (let i = 0; i < n; i++) {
          if (left) m[i * n + j]! -= (2 * v[i]! * dot) / vv;
          else m[j * n + i]! -= (2 * v[i]! * dot) / vv;
        }
      }
    };
    apply(true);
    apply(false);
  }
  return m;
}

describe('symmetricEigenvalues', () => {
  it('2 x 2 and diagonal cases, ascending', () => {
    expect(Array.from(symmetricEigenvalues([2, 1, 1, 2], 2))).toEqual(
      [1, 3].map((v) => expect.closeTo(v, 14)),
    );
    expect(Array.from(symmetricEigenvalues([3, 0, 0, 0, -1, 0, 0, 0, 2], 3))).toEqual([-1, 2, 3]);
    expect(Array.from(symmetricEigenvalues([5], 1))).toEqual([5]);
  });

  it.each([
    ['distinct', Array.from({ length: 40 }, (_, i) => 0.5 + i * 0.25)],
    ['repeated and zero (a collapsed covariance)', [...Array(20).fill(0), ...Array(10).fill(1), 4, 4, 9]],
    ['wide dynamic range', Array.from({ length: 30 }, (_, i) => 10 ** (-i / 3))],
  ])('recovers a known spectrum: %s', (_label, values) => {
    const got = symmetricEigenvalues(withSpectrum(values, 7), values.length);
    const want = [...values].sort((a, b) => a - b);
    const scale = Math.max(...values.map(Math.abs));
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-12 * scale);
  });

  it('rejects a wrong size', () => {
    expect(() => symmetricEigenvalues([1, 2, 3], 2)).toThrow(
      'symmetricEigenvalues: expected 2 x 2 = 4 values, got 3',
    );
  });
});

describe('effectiveRank', () => {
  it('is the count for a flat spectrum, 1 for a single direction, scale-free', () => {
    expect(effectiveRank([1, 1, 1, 1])).toBeCloseTo(4, 12);
    expect(effectiveRank([3, 0, 0])).toBe(1);
    expect(effectiveRank([5, 5, 0, 0, 0])).toBeCloseTo(2, 12);
    expect(effectiveRank([2, 1, 0.5])).toBeCloseTo(effectiveRank([200, 100, 50]), 12);
    expect(effectiveRank([0, 0])).toBe(0);
    expect(effectiveRank([1, 1, -1e-17])).toBeCloseTo(2, 12); // round-off below zero counts as zero
  });
});

describe('covarianceSpectrum', () => {
  it('of a small exact example (sample covariance, divides by N - 1)', async () => {
    const x = tensor(
      [
        [1, 0],
        [-1, 0],
        [0, 2],
        [0, -2],
      ],
      undefined,
      { dtype: 'float64' },
    );
    const spectrum = await covarianceSpectrum(x); // diag(2, 8) / 3, descending
    expect(spectrum[0]).toBeCloseTo(8 / 3, 12);
    expect(spectrum[1]).toBeCloseTo(2 / 3, 12);
  });

  it('pools the views of [V, N, K] embeddings', async () => {
    const rows = randn([12, 3], { seed: 4, dtype: 'float64' });
    const pooled = await covarianceSpectrum(rows);
    const views = await covarianceSpectrum(rows.reshape([3, 4, 3]));
    for (let i = 0; i < 3; i++) expect(views[i]).toBeCloseTo(pooled[i]!, 12);
  });

  it('shows a dimensional collapse as zero eigenvalues', async () => {
    const lowRank = matmul(
      randn([500, 2], { seed: 1, dtype: 'float64' }),
      randn([2, 10], { seed: 2, dtype: 'float64' }),
    );
    const spectrum = await covarianceSpectrum(lowRank);
    expect(spectrum[1]).toBeGreaterThan(0.1);
    for (let i = 2; i < 10; i++) expect(Math.abs(spectrum[i]!)).toBeLessThan(1e-10);
    expect(effectiveRank(spectrum)).toBeLessThan(2);
  });
});

describe('describeIsotropy / isotropyReport', () => {
  it('formats one line', () => {
    const line = formatIsotropy({
      sigreg: 1.0412,
      perSlice: new Float64Array([1.0412]),
      eigenvalues: new Float64Array([1.214, 1, 0.8176]),
      effectiveRank: 61.23,
      dimension: 64,
      meanAbsMean: 0.0312,
    });
    expect(line).toBe('SIGReg 1.04 | eff. rank 61.2/64 | cov eig min/max 0.82/1.21 | mean |mu| 0.03');
  });

  it('reads healthy for iid Gaussian embeddings', async () => {
    const r = await isotropyReport(randn([4096, 64], { seed: 3 }));
    expect(r.sigreg).toBeGreaterThan(0.7);
    expect(r.sigreg).toBeLessThan(1.5);
    expect(r.perSlice.length).toBe(256);
    expect(r.effectiveRank).toBeGreaterThan(62);
    expect(r.eigenvalues[0]).toBeLessThan(1.3);
    expect(r.eigenvalues[63]).toBeGreaterThan(0.7);
    expect(r.meanAbsMean).toBeLessThan(0.05);
    expect(await describeIsotropy(randn([4096, 64], { seed: 3 }))).toMatch(
      /^SIGReg \d\.\d\d \| eff\. rank 6\d\.\d\/64 \| cov eig min\/max 0\.\d\d\/1\.\d\d \| mean \|mu\| 0\.0\d$/,
    );
  });

  it('reads collapsed for embeddings stuck near one point', async () => {
    const x = randn([1024, 32], { seed: 5 }).mul(1e-3);
    const r = await isotropyReport(x);
    expect(r.sigreg).toBeGreaterThan(0.3 * 1024); // about 0.40 * N
    expect(r.eigenvalues[0]).toBeLessThan(1e-5);
  });

  it('uses the same slices from call to call (seed 0 unless given)', async () => {
    const x = randn([256, 16], { seed: 6 });
    expect((await isotropyReport(x)).sigreg).toBe((await isotropyReport(x)).sigreg);
    expect((await isotropyReport(x, { seed: 1 })).sigreg).not.toBe((await isotropyReport(x)).sigreg);
  });

  it('accepts [V, N, K] and leaves nothing behind', async () => {
    const x = randn([2, 64, 8], { seed: 7 });
    await isotropyReport(x); // warm the constant caches
    const before = x.backend.memory().liveStorages;
    const r = await scope(() => isotropyReport(x));
    expect(r.perSlice.length).toBe(256);
    expect(x.backend.memory().liveStorages).toBe(before);
    await expect(isotropyReport(zeros([3]))).rejects.toThrow(/^isotropyReport: expected embeddings/);
  });
});
