import type { ReduceOp, Tensor } from '@isotropic/tensor';
import * as T from '@isotropic/tensor';
import { it } from 'vitest';
import { describeWebGPU } from './gpu-backend.js';
import { expectParity, strided } from './parity.js';

const OPS: ReduceOp[] = ['sum', 'max', 'min', 'argmax', 'argmin'];
const reduce = (op: ReduceOp, x: Tensor, axes: number[]) => T.prim.reduceP(op, x, axes);
/** f32 sums of many terms: the CPU adds in float64, the GPU in f32 trees. */
const SUM_TOL = { rtol: 1e-4, atol: 1e-4 };

describeWebGPU('reductions match the CPU backend', () => {
  it.each(OPS)('%s over leading, middle, trailing and all axes, contiguous and strided', async (op) => {
    await expectParity((m) => {
      const x = m.randn([6, 7, 33]);
      const arg = op === 'argmax' || op === 'argmin';
      const axesList = arg ? [[0], [1], [2]] : [[0], [1], [2], [0, 2], [1, 2], [0, 1, 2]];
      return axesList.flatMap((axes) => [reduce(op, x, axes), reduce(op, strided(x), axes)]);
    }, SUM_TOL);
  });

  it.each(OPS)('%s on int32 (and bool for arg ops), with ties', async (op) => {
    await expectParity((m) => {
      const x = m.randint([5, 300], -4, 4);
      const outs = [reduce(op, x, [1]), reduce(op, x, [0]), reduce(op, T.transpose(x), [0])];
      if (op === 'argmax' || op === 'argmin') outs.push(reduce(op, m.bools([3, 40]), [1]));
      return outs;
    });
  });

  it.each(OPS)('%s with NaN: NaN wins, the first NaN for arg ops', async (op) => {
    await expectParity((m) => {
      const x = m.tensor([1, NaN, 3, NaN, -Infinity, 2, 2, Infinity, 0, -1, Infinity, 5], [3, 4]);
      return [reduce(op, x, [1]), reduce(op, x, [0])];
    });
  });

  it.each(['sum', 'max', 'argmax'] as const)('%s of 1M elements (split into partial passes)', async (op) => {
    await expectParity(
      (m) => {
        const x = m.uniform([1 << 20], -1, 1);
        return [
          reduce(op, x, [0]),
          reduce(op, T.reshape(x, [4, 1 << 18]), [1]),
          reduce(op, T.reshape(x, [1024, 1024]), [0]),
        ];
      },
      { rtol: 1e-4, atol: 2e-3 },
    );
  });

  it('row shapes that pick each kernel: few long rows, many short rows, column reductions', async () => {
    await expectParity((m) => {
      const outs: Tensor[] = [];
      for (const [rows, cols] of [
        [1, 5000],
        [3, 70000],
        [2000, 7],
        [300, 384],
        [17, 1000],
      ] as const) {
        const x = m.randn([rows, cols]);
        outs.push(
          reduce('sum', x, [1]),
          reduce('max', x, [1]),
          reduce('argmin', x, [1]),
          reduce('sum', x, [0]),
        );
      }
      return outs;
    }, SUM_TOL);
  });

  it('empty reductions give what the CPU gives (0, or -inf/+inf for float max/min)', async () => {
    await expectParity((m) => {
      const f = T.reshape(m.randn([3, 1]), [3, 1]);
      const empty = T.slice(f, [null, [0, 0]]);
      const i = T.slice(m.randint([3, 1], 0, 5), [null, [0, 0]]);
      return [
        reduce('sum', empty, [1]),
        reduce('max', empty, [1]),
        reduce('min', empty, [1]),
        reduce('max', i, [1]),
      ];
    });
  });

  it('public reductions: mean, variance, logsumexp, argmax over the flattened tensor', async () => {
    await expectParity((m) => {
      const x = m.randn([4, 9, 10]);
      return [
        T.mean(x, [0, 2]),
        T.variance(x, 1, true, 1),
        T.logsumexp(x, -1),
        T.argmax(x),
        T.sum(T.gt(x, 0), 1),
      ];
    }, SUM_TOL);
  });
});
