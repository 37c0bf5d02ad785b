import * as T from '@isotropic/tensor';
import { expect, it } from 'vitest';
import { createWebGPUBackend } from '../src/index.js';
import { backend, describeWebGPU, gpu } from './gpu-backend.js';
import { expectParity, mismatch } from './parity.js';

describeWebGPU('elementwise fusion', () => {
  it('chains, shared subexpressions, broadcasts and reductions of chains match the CPU backend', async () => {
    await expectParity((m) => {
      const x = m.randn([5, 33]);
      const y = m.randn([33]);
      const d = T.sub(x, T.mean(x, -1, true)); // used twice below: recomputed or computed once
      const long = [T.exp, T.tanh, T.neg, T.abs, T.sqrt, T.sin].reduce((t, f) => f(t), x);
      return [
        T.mul(d, T.rsqrt(T.add(T.mean(T.mul(d, d), -1, true), 1e-5))),
        T.sum(T.exp(T.sub(x, T.max(x, -1, true))), -1),
        T.argmax(T.add(T.mul(x, 2), y), -1),
        T.where(T.gt(x, 0), T.mul(x, y), T.div(x, 3)),
        T.sum(T.mul(T.transpose(x), 2), 0), // a permuted view of a chain: not fused into the reduction
        long,
        T.cast(T.lt(T.add(x, y), 0.5), 'int32'),
      ];
    });
  });

  it('a pending result whose inputs were released still computes the right values', async () => {
    const b = backend();
    const x = T.tensor([1, 2, 3, 4], [4], { backend: b });
    const y = T.mul(T.add(x, 1), 2); // pending: reads x
    x.dispose(); // x's buffer must stay until y is computed
    const z = T.tensor([7, 7, 7, 7], [4], { backend: b }); // would reuse x's buffer if it were free
    expect(Array.from(await y.data())).toEqual([4, 6, 8, 10]);
    expect(Array.from(await z.data())).toEqual([7, 7, 7, 7]);
    y.dispose();
    z.dispose();
  });

  it('pending results that are never used are never computed and leak nothing', async () => {
    const b = backend();
    await b.sync();
    const before = b.memory().liveStorages;
    T.scope(() => {
      const x = T.tensor([1, 2, 3], [3], { backend: b });
      for (let i = 0; i < 50; i++) T.exp(T.add(x, x));
    });
    await b.sync();
    expect(b.memory().liveStorages).toBe(before);
  });

  it('fusion can be turned off, with the same results', async () => {
    const off = await createWebGPUBackend({ fusion: false });
    try {
      const run = async (be: T.Backend) =>
        T.scope(async () => {
          const x = T.tensor([0.5, -1, 2, 3], [2, 2], { backend: be });
          return Array.from(await T.softmax(T.mul(T.add(x, 1), x), -1).data());
        });
      const want = await run(T.cpuBackend());
      expect(mismatch(await run(off), want, { rtol: 1e-5, atol: 1e-6 })).toBeUndefined();
      expect(mismatch(await run(gpu!), want, { rtol: 1e-5, atol: 1e-6 })).toBeUndefined();
    } finally {
      off.destroy();
    }
  });
});
