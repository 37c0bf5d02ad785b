/**
 * Parity: the numpy fixtures every backend must reproduce
 * (packages/tensor/test/fixtures/ops.json), on the WebGPU backend, with
 * contiguous and with strided inputs.
 */
import { scope, withBackend } from '@isotropic/tensor';
import { expect, it } from 'vitest';
import { buildArgs, compare, loadCases, OPS } from '../../tensor/test/fixture-harness.js';
import { backend, describeWebGPU } from './gpu-backend.js';
import { GPU_TOLERANCE } from './tolerance.js';

const cases = loadCases();

for (const [label, strided] of [
  ['contiguous', false],
  ['strided', true],
] as const) {
  describeWebGPU(`numpy fixtures on the WebGPU backend (${label} inputs)`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const fn = OPS[c.op] as (...a: unknown[]) => unknown;
      expect(fn, `no TS function for op ${c.op}`).toBeDefined();
      const b = backend();
      await scope(async () => {
        const got = withBackend(b, () => fn(...buildArgs(c.args, b, strided)));
        const outs = Array.isArray(c.out) ? c.out : [c.out];
        const gots = (Array.isArray(got) ? got : [got]) as Parameters<typeof compare>[0][];
        expect(gots.length).toBe(outs.length);
        for (let i = 0; i < outs.length; i++) {
          // Exact cases (casts, comparisons, indices) stay exact; float cases get the f32 GPU floor.
          const exact = c.rtol === 0 && c.atol === 0;
          const rtol = exact ? 0 : Math.max(c.rtol, GPU_TOLERANCE.rtol);
          const atol = exact ? 0 : Math.max(c.atol, GPU_TOLERANCE.atol);
          const err = await compare(gots[i]!, outs[i]!.tensor, rtol, atol);
          expect(err, `${c.name} output ${i}`).toBeUndefined();
        }
      });
    });
  });
}
