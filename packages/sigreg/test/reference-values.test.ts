import { tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { lejepaLoss, sigreg } from '../src/index.js';
import { isLejepaCase, loadReference, scalarRelativeError } from './helpers/reference.js';
import { cpuTargets, type Target, webgpuStatus, webgpuTarget } from './helpers/targets.js';

const reference = loadReference();

function inputs(target: Target, c: (typeof reference.cases)[number]) {
  const opts = { dtype: target.dtype, backend: target.backend };
  return { x: tensor(c.emb, [c.V, c.N, c.K], opts), A: tensor(c.A, [c.K, c.M], opts) };
}

function referenceValueSuite(target: Target): void {
  it.each(reference.cases.map((c) => [c.name, c] as const))('sigreg matches %s', async (_name, c) => {
    const { x, A } = inputs(target, c);
    const got = (await sigreg(x, { directions: A, knots: c.knots, tMax: c.tMax }).data())[0]!;
    expect(scalarRelativeError(got, c.sigreg)).toBeLessThan(target.tolerance);
  });

  it.each(reference.cases.filter(isLejepaCase).map((c) => [c.name, c] as const))(
    'lejepaLoss matches %s (loss, sim and sigreg)',
    async (_name, c) => {
      const { x, A } = inputs(target, c);
      const r = lejepaLoss(x, {
        directions: A,
        numGlobal: c.nGlobal,
        lambda: c.lambda,
        knots: c.knots,
        tMax: c.tMax,
      });
      expect(scalarRelativeError((await r.loss.data())[0]!, c.lejepa)).toBeLessThan(target.tolerance);
      expect(scalarRelativeError((await r.sim.data())[0]!, c.sim)).toBeLessThan(target.tolerance);
      expect(scalarRelativeError((await r.sigreg.data())[0]!, c.sigreg)).toBeLessThan(target.tolerance);
    },
  );

  it('2-D input [N, K] is the single-view case', async () => {
    const c = reference.cases.find((k) => k.V === 1)!;
    const opts = { dtype: target.dtype, backend: target.backend };
    const x = tensor(c.emb, [c.N, c.K], opts);
    const got = (await sigreg(x, { directions: tensor(c.A, [c.K, c.M], opts) }).data())[0]!;
    expect(scalarRelativeError(got, c.sigreg)).toBeLessThan(target.tolerance);
  });
}

describe('reference values (float64 numpy, test/fixtures/sigreg-vectors.json)', () => {
  it('the fixture describes the formulation implemented here', () => {
    expect(reference.layout).toContain('emb is (V, N, K), A is (K, M)');
    expect(reference.formula).toContain('stat   = N * sum_t w_t err_t');
    expect(reference.cases.length).toBeGreaterThanOrEqual(7);
  });

  for (const target of cpuTargets) describe(target.name, () => referenceValueSuite(target));

  // Registered (as skipped) even without a GPU, so that the report shows what did not run.
  describe.skipIf(!webgpuTarget)(`webgpu float32 (${webgpuStatus})`, () =>
    referenceValueSuite(webgpuTarget ?? cpuTargets[0]!),
  );
});
