import * as T from '@isotropic/tensor';
import { ValueError } from '@isotropic/tensor';
import { expect, it } from 'vitest';
import { backend, describeWebGPU } from './gpu-backend.js';
import { expectParity, strided } from './parity.js';

describeWebGPU('gather, scatterAdd, pad and concat match the CPU backend', () => {
  it('gather along every axis, every dtype, with an index smaller than x', async () => {
    await expectParity((m) => {
      const x = m.randn([4, 5, 6]);
      const outs = [0, 1, 2].map((axis) => {
        const shape = [3, 4, 5].map((d, i) => (i === axis ? 7 : d));
        return T.gather(strided(x), axis, m.randint(shape, 0, x.shape[axis]!));
      });
      outs.push(T.gather(m.randint([3, 4], -50, 50), 1, m.randint([3, 9], 0, 4)));
      outs.push(T.gather(m.bools([3, 4]), 0, m.randint([5, 4], 0, 3)));
      outs.push(T.indexSelect(m.randn([10, 3]), 0, m.randint([12], 0, 10)));
      return outs;
    });
  });

  it('scatterAdd with repeated indices (float and int), via the public gather gradient shape', async () => {
    await expectParity((m) => {
      const src = m.randn([6, 5]);
      const idx = m.randint([6, 5], 0, 3);
      const isrc = m.randint([4, 7], -9, 9);
      const iidx = m.randint([4, 7], 0, 2);
      return [
        T.prim.scatterAddP(src, idx, 0, [3, 5]),
        T.prim.scatterAddP(src, m.randint([6, 5], 0, 8), 1, [6, 8]),
        T.prim.scatterAddP(isrc, iidx, 1, [4, 2]),
      ];
    });
  });

  it('pad with values of every dtype, including rank 0 and empty results', async () => {
    await expectParity((m) => [
      T.pad(
        m.randn([3, 4]),
        [
          [1, 2],
          [0, 3],
        ],
        1.5,
      ),
      T.pad(strided(m.randn([2, 3, 2])), [
        [0, 0],
        [2, 1],
        [1, 1],
      ]),
      T.pad(
        m.randint([2, 3], -5, 5),
        [
          [1, 1],
          [1, 1],
        ],
        -7,
      ),
      T.pad(m.bools([4]), [[2, 0]], 1),
      T.prim.padP(m.tensor([5], []), [], 0),
      T.pad(
        m.randn([0, 3]),
        [
          [0, 0],
          [1, 1],
        ],
        2,
      ),
    ]);
  });

  it('concat and stack along every axis, including empty parts', async () => {
    await expectParity((m) => {
      const a = m.randn([2, 3, 4]);
      const b = m.randn([2, 5, 4]);
      const c = m.randn([2, 0, 4]);
      return [
        T.concat([a, b, c, strided(a)], 1),
        T.concat([a, a], 0),
        T.concat([a, m.randn([2, 3, 1])], 2),
        T.stack([m.randint([3], 0, 9), m.randint([3], 0, 9)], 1),
        ...T.split(m.randn([7, 4]), [2, 5], 0),
      ];
    });
  });
});

describeWebGPU('out-of-range indices', () => {
  it('fail at the next read with the CPU backend error message', async () => {
    const gpu = backend();
    const cpuError = (() => {
      try {
        T.gather(T.tensor([[1, 2, 3]]), 1, T.tensor([[0, 7]], undefined, { dtype: 'int32' }));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(cpuError).toBeInstanceOf(ValueError);
    await T.scope(async () => {
      const x = T.tensor([[1, 2, 3]], undefined, { backend: gpu });
      const bad = T.gather(x, 1, T.tensor([[0, 7]], undefined, { dtype: 'int32', backend: gpu }));
      const err = await bad.data().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(ValueError);
      expect(err!.message).toBe(cpuError!.message);
      // the fault is reported once; later reads work again
      expect(Array.from(await T.add(x, 1).data())).toEqual([2, 3, 4]);
      const sa = T.prim.scatterAddP(
        T.tensor([1, 2], [2], { backend: gpu }),
        T.tensor([0, -1], [2], { dtype: 'int32', backend: gpu }),
        0,
        [3],
      );
      await expect(sa.data()).rejects.toThrow('scatterAdd: index -1 is out of range for an axis of size 3');
    });
  });
});
