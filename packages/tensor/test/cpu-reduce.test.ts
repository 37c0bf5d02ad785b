import { describe, expect, it } from 'vitest';
import type { Backend, Operand, ReduceOp } from '../src/index.js';
import {
  expectClose,
  expectIdentical,
  type Layout,
  oneThread,
  operand,
  readAndRelease,
  reference,
  threeThreads,
} from './cpu-harness.js';

/** [shape, reduced axes]: the tensor layer permutes reduced axes last, as done here. */
const CASES: [number[], number[]][] = [
  [[1000], [0]],
  [[7, 13], [1]],
  [[7, 13], [0]],
  [[64, 3], [0]],
  [
    [5, 6, 7],
    [0, 2],
  ],
  [[5, 6, 7], [1]],
  [
    [4, 5, 6, 7],
    [1, 3],
  ],
  [[3, 300], [1]],
  [[300, 9], [0]],
  [[2, 0, 3], [1]],
  [[2, 3], []],
  // big enough to wake the workers
  [[512, 300], [1]],
  [[300, 512], [0]],
];

function permuted(o: Operand, axes: number[]): Operand {
  const kept = o.view.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  return {
    ...o,
    view: {
      shape: perm.map((p) => o.view.shape[p]!),
      strides: perm.map((p) => o.view.strides[p]!),
      offset: o.view.offset,
    },
  };
}

function reduce(
  backend: Backend,
  op: ReduceOp,
  shape: number[],
  axes: number[],
  layout: Layout,
): Float32Array {
  const x = operand(backend, shape, 5, layout);
  const outSize = shape.filter((_, i) => !axes.includes(i)).reduce((a, b) => a * b, 1);
  return readAndRelease(backend, backend.reduce(op, permuted(x, axes), axes.length), outSize, [x]);
}

describe('wasm f32 reductions against the TypeScript reference', () => {
  it.each(['sum', 'max', 'min'] as const)('%s over leading, trailing and mixed axes, every layout', (op) => {
    for (const [shape, axes] of CASES) {
      for (const layout of ['contiguous', 'transposed', 'spaced', 'offset', 'broadcast'] as const) {
        const want = reduce(reference, op, shape, axes, layout);
        const got = reduce(oneThread, op, shape, axes, layout);
        // both accumulate sums in f64; only the order of the f64 additions differs
        expectClose(
          got,
          want,
          op === 'sum' ? 1e-6 : 0,
          op === 'sum' ? 1e-6 : 0,
          `${op} ${layout} [${shape}] axes ${axes}`,
        );
        expectIdentical(reduce(threeThreads, op, shape, axes, layout), got, `${op} threads`);
      }
    }
  });

  it('propagates NaN through max and min, and gives the identity for empty reductions', () => {
    const data = Float32Array.from([1, Number.NaN, 3, 4, 5, 6, 7, 8, 9]);
    for (const op of ['max', 'min'] as const) {
      const x: Operand = {
        storage: oneThread.upload(data, 'float32'),
        dtype: 'float32',
        view: { shape: [9], strides: [1], offset: 0 },
      };
      const got = readAndRelease(oneThread, oneThread.reduce(op, x, 1), 1, [x]);
      expect(Number.isNaN(got[0])).toBe(true);
    }
    expect(Array.from(reduce(oneThread, 'max', [2, 0], [1], 'contiguous'))).toEqual([-Infinity, -Infinity]);
    expect(Array.from(reduce(oneThread, 'sum', [2, 0], [1], 'contiguous'))).toEqual([0, 0]);
  });
});
