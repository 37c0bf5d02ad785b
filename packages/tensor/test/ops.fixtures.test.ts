import { describe, expect, it } from 'vitest';
import { cpuBackend, scope } from '../src/index.js';
import { buildArgs, compare, loadCases, OPS } from './fixture-harness.js';

const cases = loadCases();

describe.each([
  ['contiguous', false],
  ['strided', true],
])('numpy float64 fixtures on the CPU backend (%s inputs)', (_label, strided) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const fn = OPS[c.op];
    expect(fn, `no TS function for op ${c.op}`).toBeDefined();
    await scope(async () => {
      const args = buildArgs(c.args, cpuBackend(), strided);
      const got = (fn as (...a: unknown[]) => unknown)(...args);
      const outs = Array.isArray(c.out) ? c.out : [c.out];
      const gots = Array.isArray(got) ? got : [got];
      expect(gots.length).toBe(outs.length);
      for (let i = 0; i < outs.length; i++) {
        const err = await compare(gots[i], outs[i]!.tensor, c.rtol, c.atol);
        expect(err, `${c.name} output ${i}`).toBeUndefined();
      }
    });
  });
});
