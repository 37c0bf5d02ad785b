import { valueAndGrad } from '@isotropic/autograd';
import { randn, type Tensor, tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { epsPulley, lejepaLoss, sampleDirections, sigreg } from '../src/index.js';
import { vectorRelativeError } from './helpers/reference.js';

/**
 * Central differences in float64 on the CPU backend against autograd's gradient of
 * the composed functions (fused ecf VJP + ordinary ops): checks the formulation and
 * the chain rule end to end, independently of the numpy reference.
 */
const H = 1e-6;

async function scalarOf(t: Tensor): Promise<number> {
  return (await t.data())[0]!;
}

/** d f / d x by central differences at every coordinate of x (small tensors only). */
async function finiteDifferences(
  f: (x: Tensor) => Tensor,
  x0: Float64Array,
  shape: number[],
): Promise<Float64Array> {
  const grad = new Float64Array(x0.length);
  for (let i = 0; i < x0.length; i++) {
    const plus = x0.slice();
    const minus = x0.slice();
    plus[i]! += H;
    minus[i]! -= H;
    const fp = await scalarOf(f(tensor(plus, shape, { dtype: 'float64' })));
    const fm = await scalarOf(f(tensor(minus, shape, { dtype: 'float64' })));
    grad[i] = (fp - fm) / (2 * H);
  }
  return grad;
}

async function expectGradientMatchesFiniteDifferences(
  f: (x: Tensor) => Tensor,
  shape: number[],
  seed: number,
) {
  const x0 = (await randn(shape, { seed, dtype: 'float64' }).data()) as Float64Array;
  const [, grad] = valueAndGrad(f)(tensor(x0, shape, { dtype: 'float64' }));
  const fd = await finiteDifferences(f, x0, shape);
  expect(vectorRelativeError(await grad.data(), fd)).toBeLessThan(1e-7);
}

describe('gradients vs central differences (float64, CPU)', () => {
  const K = 5;
  const A = sampleDirections(K, 7, 11, { dtype: 'float64' });

  it('sigreg, [N, K]', () =>
    expectGradientMatchesFiniteDifferences((x) => sigreg(x, { directions: A }), [9, K], 1));

  it('sigreg, [V, N, K], another grid', () =>
    expectGradientMatchesFiniteDifferences(
      (x) => sigreg(x, { directions: A, knots: 9, tMax: 4 }),
      [3, 6, K],
      2,
    ));

  it('sigreg with sampled directions (seeded: the same slices at every evaluation)', () =>
    expectGradientMatchesFiniteDifferences((x) => sigreg(x, { numSlices: 6, seed: 42 }), [7, K], 3));

  it('epsPulley per column, weighted', async () => {
    const weights = tensor([0.3, -1.2, 0.7, 2.0], [4], { dtype: 'float64' });
    await expectGradientMatchesFiniteDifferences((z) => epsPulley(z).mul(weights).sum(), [8, 4], 4);
  });

  it.each(['global', 'all'] as const)('lejepaLoss with centers: %s', (centers) =>
    expectGradientMatchesFiniteDifferences(
      (x) => lejepaLoss(x, { directions: A, numGlobal: 2, lambda: 0.3, centers }).loss,
      [4, 5, K],
      5,
    ),
  );
});
