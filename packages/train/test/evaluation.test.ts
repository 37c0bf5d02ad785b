import { add, mul, randn, tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { knnAccuracy, linearProbe, pca2d } from '../src/index.js';

/** Three Gaussian blobs in 8-D with well separated means, plus noise dims. */
async function blobs(n: number, seed: number, spread = 0.5) {
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  const means = [
    [3, 0, 0, 0, 0, 0, 0, 0],
    [0, 3, 0, 0, 0, 0, 0, 0],
    [0, 0, 3, 0, 0, 0, 0, 0],
  ];
  const centers = tensor(
    Array.from(labels, (l) => means[l]!),
    [n, 8],
  );
  const x = add(centers, mul(randn([n, 8], { seed }), spread));
  return { x, y: tensor(labels, [n], { dtype: 'int32' }) };
}

describe('linear probe', () => {
  it('separates separable blobs almost perfectly', async () => {
    const train = await blobs(300, 1);
    const test = await blobs(150, 2);
    const r = await linearProbe(train.x, train.y, test.x, test.y, { iterations: 200 });
    expect(r.trainAccuracy).toBeGreaterThan(0.97);
    expect(r.testAccuracy).toBeGreaterThan(0.95);
  });

  it('is at chance on pure noise labels', async () => {
    const x = randn([300, 8], { seed: 3 });
    const y = tensor(
      Int32Array.from({ length: 300 }, (_, i) => (i * 7919) % 3),
      [300],
      { dtype: 'int32' },
    );
    const xt = randn([300, 8], { seed: 4 });
    const r = await linearProbe(x, y, xt, y, { iterations: 100 });
    expect(r.testAccuracy).toBeLessThan(0.5);
  });

  it('rejects mismatched shapes with the function name', async () => {
    await expect(
      linearProbe(
        randn([4, 2]),
        tensor([0, 1, 0], undefined, { dtype: 'int32' }),
        randn([2, 2]),
        tensor([0, 1], undefined, { dtype: 'int32' }),
      ),
    ).rejects.toThrow(/linearProbe: expected embeddings \[N, D\] and labels \[N\], got \[4,2\] and \[3\]/);
  });
});

describe('kNN', () => {
  it('classifies blobs by their neighbours', async () => {
    const train = await blobs(300, 5);
    const test = await blobs(90, 6);
    expect(await knnAccuracy(train.x, train.y, test.x, test.y, { k: 20, batchSize: 32 })).toBeGreaterThan(
      0.95,
    );
  });

  it('k = 1 on the training set itself is exact', async () => {
    const train = await blobs(60, 7, 2);
    expect(await knnAccuracy(train.x, train.y, train.x, train.y, { k: 1 })).toBe(1);
  });
});

describe('pca2d', () => {
  it('finds the direction of largest variance first', async () => {
    // variance 100 along dim 3, 4 along dim 0, 1 elsewhere
    const z = await randn([2000, 5], { seed: 8 }).data();
    const x = tensor(
      Array.from(z, (v, i) => (i % 5 === 3 ? 10 * v : i % 5 === 0 ? 2 * v : v)),
      [2000, 5],
    );
    const p = await pca2d(x);
    const v0 = Array.from({ length: 2000 }, (_, i) => p[2 * i]!);
    const v1 = Array.from({ length: 2000 }, (_, i) => p[2 * i + 1]!);
    const variance = (a: number[]) => a.reduce((s, v) => s + v * v, 0) / a.length;
    expect(variance(v0)).toBeGreaterThan(80);
    expect(variance(v1)).toBeGreaterThan(3);
    expect(variance(v1)).toBeLessThan(5);
  });
});
