import { valueAndGrad } from '@isotropic/autograd';
import { type Tensor, tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { lejepaLoss, sigreg } from '../src/index.js';
import {
  isLejepaCase,
  loadReference,
  scalarRelativeError,
  vectorRelativeError,
} from './helpers/reference.js';
import { cpuTargets, type Target, webgpuStatus, webgpuTarget } from './helpers/targets.js';

const reference = loadReference();
const withGradients = reference.cases.filter((c) => c.sigregGrad !== undefined);

function referenceGradientSuite(target: Target): void {
  const opts = { dtype: target.dtype, backend: target.backend };

  it.each(withGradients.map((c) => [c.name, c] as const))('d sigreg / dx matches %s', async (_name, c) => {
    const A = tensor(c.A, [c.K, c.M], opts);
    const f = (x: Tensor) => sigreg(x, { directions: A, knots: c.knots, tMax: c.tMax });
    const [value, grad] = valueAndGrad(f)(tensor(c.emb, [c.V, c.N, c.K], opts));
    expect(scalarRelativeError((await value.data())[0]!, c.sigreg)).toBeLessThan(target.tolerance);
    expect(grad.shape).toEqual([c.V, c.N, c.K]);
    expect(vectorRelativeError(await grad.data(), c.sigregGrad!)).toBeLessThan(target.tolerance);
  });

  it.each(reference.cases.filter(isLejepaCase).map((c) => [c.name, c] as const))(
    'd lejepaLoss / dx matches %s',
    async (_name, c) => {
      const A = tensor(c.A, [c.K, c.M], opts);
      const f = (x: Tensor) => lejepaLoss(x, { directions: A, numGlobal: c.nGlobal, lambda: c.lambda }).loss;
      const [value, grad] = valueAndGrad(f)(tensor(c.emb, [c.V, c.N, c.K], opts));
      expect(scalarRelativeError((await value.data())[0]!, c.lejepa)).toBeLessThan(target.tolerance);
      expect(vectorRelativeError(await grad.data(), c.lejepaGrad)).toBeLessThan(target.tolerance);
    },
  );

  it('loss.backward() fills x.grad with the same gradient', async () => {
    const c = withGradients[0]!;
    const x = tensor(c.emb, [c.V, c.N, c.K], opts);
    x.requiresGrad = true;
    sigreg(x, { directions: tensor(c.A, [c.K, c.M], opts) }).backward();
    expect(x.grad).toBeDefined();
    expect(vectorRelativeError(await x.grad!.data(), c.sigregGrad!)).toBeLessThan(target.tolerance);
  });
}

describe('reference gradients (float64 numpy, analytic and FD-checked)', () => {
  for (const target of cpuTargets) describe(target.name, () => referenceGradientSuite(target));
  describe.skipIf(!webgpuTarget)(`webgpu float32 (${webgpuStatus})`, () =>
    referenceGradientSuite(webgpuTarget ?? cpuTargets[0]!),
  );
});
