import { mean, randn, slice, square, sub, type Tensor, tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { lejepaLoss, sampleDirections, sigreg } from '../src/index.js';
import { isLejepaCase, loadReference, scalarRelativeError } from './helpers/reference.js';

const value = async (t: Tensor) => (await t.data())[0]!;

describe('lejepaLoss', () => {
  const [V, N, K] = [5, 16, 8];
  const x = randn([V, N, K], { seed: 2, dtype: 'float64' });
  const A = sampleDirections(K, 32, 6, { dtype: 'float64' });

  it("centers: 'global' averages the first numGlobal views", async () => {
    const r = lejepaLoss(x, { directions: A, numGlobal: 2 });
    const centers = mean(slice(x, [[0, 2]]), 0, true);
    expect(await value(r.sim)).toBeCloseTo(await value(mean(square(sub(centers, x)))), 14);
  });

  it("centers: 'all' averages every view (the paper's minimal example)", async () => {
    const r = lejepaLoss(x, { directions: A, centers: 'all' });
    const centers = mean(x, 0, true);
    expect(await value(r.sim)).toBeCloseTo(await value(mean(square(sub(centers, x)))), 14);
  });

  it('the two variants agree when every view is global', async () => {
    const global = lejepaLoss(x, { directions: A, numGlobal: V });
    const all = lejepaLoss(x, { directions: A, centers: 'all' });
    expect(await value(global.loss)).toBeCloseTo(await value(all.loss), 14);
  });

  it('loss = (1 - lambda) sim + lambda sigreg, with sigreg over all views', async () => {
    const r = lejepaLoss(x, { directions: A, lambda: 0.25 });
    const reg = await value(sigreg(x, { directions: A }));
    expect(await value(r.sigreg)).toBeCloseTo(reg, 14);
    expect(await value(r.loss)).toBeCloseTo(0.75 * (await value(r.sim)) + 0.25 * reg, 14);
    expect(await value(lejepaLoss(x, { directions: A, lambda: 0 }).loss)).toBeCloseTo(await value(r.sim), 14);
    expect(await value(lejepaLoss(x, { directions: A, lambda: 1 }).loss)).toBeCloseTo(reg, 14);
  });

  it('samples its directions like sigreg (same seed, same slices)', async () => {
    const r = lejepaLoss(x, { seed: 17, numSlices: 64 });
    expect(await value(r.sigreg)).toBe(await value(sigreg(x, { seed: 17, numSlices: 64 })));
  });

  it('defaults to 2 global views and lambda 0.05 (the reference configuration)', async () => {
    const c = loadReference()
      .cases.filter(isLejepaCase)
      .find((k) => k.nGlobal === 2 && k.lambda === 0.05)!;
    const emb = tensor(c.emb, [c.V, c.N, c.K], { dtype: 'float64' });
    const r = lejepaLoss(emb, { directions: tensor(c.A, [c.K, c.M], { dtype: 'float64' }) });
    expect(scalarRelativeError(await value(r.loss), c.lejepa)).toBeLessThan(1e-12);
  });
});
