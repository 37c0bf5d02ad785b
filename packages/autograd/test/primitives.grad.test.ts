/**
 * One finite-difference check per primitive kind (and per op of the unary and
 * binary kinds), calling the primitive wrappers directly. Gradients of the
 * backward primitives (conv2dBackwardInput/Weight, pool2dBackward) are checked
 * the same way, which is what gradients of gradients run through.
 */
import { type Conv2dParams, type Pool2dParams, prim, type Tensor, tensor } from '@isotropic/tensor';
import { describe, it } from 'vitest';
import { defineOp } from '../src/index.js';
import { checkGrads, type InputSpec, shapes } from './gradcheck.js';

const positive = (v: number) => Math.abs(v) + 0.5;
const awayFromZero = (v: number) => (v >= 0 ? v + 0.3 : v - 0.3);
const awayFromIntegers = (v: number) => Math.floor(v * 3) + 0.5;

describe('unary', () => {
  const cases: [string, (v: number) => number][] = [
    ['copy', (v) => v],
    ['neg', (v) => v],
    ['abs', awayFromZero],
    ['sign', awayFromZero],
    ['exp', (v) => v],
    ['log', positive],
    ['sqrt', positive],
    ['recip', awayFromZero],
    ['sin', (v) => v],
    ['cos', (v) => v],
    ['tanh', (v) => v],
    ['erf', (v) => v],
    ['floor', awayFromIntegers],
  ];
  it.each(cases)('%s', (op, map) => {
    checkGrads((x) => prim.unaryP(op as Parameters<typeof prim.unaryP>[0], x), [{ shape: [3, 4], map }]);
  });
  it('not (bool in, no gradient path)', () => {
    checkGrads(
      (x) => prim.castP(prim.unaryP('not', prim.castP(x, 'bool')), 'float64'),
      [{ shape: [5], map: awayFromZero }],
    );
  });
});

describe('binary with broadcasting', () => {
  const broadcast: [string, InputSpec[]][] = [
    ['add', shapes([2, 3, 4], [3, 1])],
    ['sub', shapes([3, 1], [2, 1, 4])],
    ['mul', shapes([2, 3, 4], [4])],
    ['div', [{ shape: [2, 3] }, { shape: [2, 1], map: awayFromZero }]],
    ['pow', [{ shape: [2, 3], map: positive }, { shape: [3] }]],
    ['max', shapes([2, 3, 4], [3, 4])],
    ['min', shapes([4], [2, 3, 4])],
  ];
  it.each(broadcast)('%s', (op, specs) => {
    checkGrads((a, b) => {
      const out = a!.shape.length >= b!.shape.length ? a!.shape : b!.shape;
      const shape = out.map((_, i) => {
        const da = a!.shape[i - (out.length - a!.ndim)] ?? 1;
        const db = b!.shape[i - (out.length - b!.ndim)] ?? 1;
        return Math.max(da, db);
      });
      return prim.binaryP(op as Parameters<typeof prim.binaryP>[0], a!, b!, shape);
    }, specs);
  });
  it.each(['lt', 'le', 'gt', 'ge', 'eq', 'ne'])('%s has no gradient', (op) => {
    checkGrads(
      (a, b) => prim.castP(prim.binaryP(op as Parameters<typeof prim.binaryP>[0], a!, b!, [2, 3]), 'float64'),
      shapes([2, 3], [3]),
    );
  });
});

describe('where, cast, reduce, matmul', () => {
  it('where (broadcast condition and branches)', () => {
    const c = tensor([true, false, true], [3]);
    checkGrads((a, b) => prim.whereP(c, a!, b!, [2, 3]), shapes([2, 1], [2, 3]));
  });
  it('cast float64 -> float64 passes, -> int32 stops', () => {
    checkGrads((x) => prim.castP(x!, 'float64'), shapes([2, 3]));
    checkGrads(
      (x) => prim.castP(prim.castP(x!, 'int32'), 'float64'),
      [{ shape: [4], map: awayFromIntegers }],
    );
  });
  it.each([
    ['sum', [0, 2]],
    ['sum', []],
    ['max', [1]],
    ['min', [0, 1, 2]],
  ] as const)('reduce %s over %j', (op, axes) => {
    checkGrads((x) => prim.reduceP(op, x!, axes), shapes([2, 3, 4]));
  });
  it('reduce argmax gives no gradient', () => {
    checkGrads((x) => prim.castP(prim.reduceP('argmax', x!, [1]), 'float64'), shapes([3, 4]));
  });
  it('matmul batched with broadcast batch dims', () => {
    checkGrads((a, b) => prim.matmulP(a!, b!, [2, 3]), shapes([3, 2, 4], [2, 1, 4, 5]));
  });
});

describe('conv2d and its backward primitives', () => {
  const params: Conv2dParams = { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 };
  // x [2, 4, 5, 6], w [6, 2, 3, 2] -> y [2, 6, 3, 8]
  const xShape = [2, 4, 5, 6];
  const wShape = [6, 2, 3, 2];
  const yShape = [2, 6, 3, 8];
  it('conv2d (groups, stride, padding, dilation)', () => {
    checkGrads((x, w) => prim.conv2dP(x!, w!, params, yShape), shapes(xShape, wShape), {
      layouts: ['contiguous', 'transposed'],
    });
  });
  it('conv2dBackwardInput (in dy and w)', () => {
    checkGrads((dy, w) => prim.conv2dBackwardInputP(dy!, w!, xShape, params), shapes(yShape, wShape), {
      layouts: ['contiguous', 'strided'],
    });
  });
  it('conv2dBackwardWeight (in x and dy)', () => {
    checkGrads((x, dy) => prim.conv2dBackwardWeightP(x!, dy!, wShape, params), shapes(xShape, yShape), {
      layouts: ['contiguous', 'strided'],
    });
  });
});

describe('pool2d and pool2dBackward', () => {
  const maxP: Pool2dParams = { mode: 'max', kernel: [3, 2], stride: [2, 2], padding: [1, 1] };
  const avgP: Pool2dParams = { mode: 'avg', kernel: [2, 3], stride: [1, 2], padding: [1, 1] };
  // x [2, 3, 5, 6]: max -> [2, 3, 3, 4]; avg -> [2, 3, 6, 3]
  it.each([
    ['max', maxP, [2, 3, 3, 4]],
    ['avg', avgP, [2, 3, 6, 3]],
  ] as const)('pool2d %s', (_m, params, out) => {
    checkGrads((x) => prim.pool2dP(x!, params, out), shapes([2, 3, 5, 6]));
  });
  it.each([
    ['max', maxP, [2, 3, 3, 4]],
    ['avg', avgP, [2, 3, 6, 3]],
  ] as const)('pool2dBackward %s (in x and dy)', (_m, params, out) => {
    checkGrads((x, dy) => prim.pool2dBackwardP(x!, dy!, params), shapes([2, 3, 5, 6], out));
  });
});

describe('gather, scatterAdd, pad, concat', () => {
  const index = tensor([2, 0, 1, 1, 0, 2, 2, 2], [2, 4], { dtype: 'int32' });
  it('gather along axis 0 (repeated indices accumulate)', () => {
    checkGrads(
      (x) => prim.gatherP(x!, tensor([0, 2, 1, 0, 0, 1], [2, 3], { dtype: 'int32' }), 0),
      shapes([3, 3]),
    );
  });
  it('gather along axis 1', () => {
    checkGrads((x) => prim.gatherP(x!, index, 1), shapes([2, 5]));
  });
  it('scatterAdd along axis 1', () => {
    checkGrads((src) => prim.scatterAddP(src!, index, 1, [2, 3]), shapes([2, 4]));
  });
  it('pad (non-zero value)', () => {
    checkGrads(
      (x) =>
        prim.padP(
          x!,
          [
            [1, 0],
            [2, 3],
          ],
          1.5,
        ),
      shapes([2, 3]),
    );
  });
  it('concat of three inputs along axis 1', () => {
    checkGrads((a, b, c) => prim.concatP([a!, b!, c!], 1), shapes([2, 1, 3], [2, 2, 3], [2, 3, 3]));
  });
});

describe('views', () => {
  it('reshape (from a non-contiguous input, which copies)', () => {
    checkGrads((x) => prim.reshapeP(x!, [4, 3]), shapes([2, 6]));
  });
  it('permute', () => {
    checkGrads((x) => prim.permuteP(x!, [2, 0, 1]), shapes([2, 3, 4]));
  });
  it('expand (new and stretched dims)', () => {
    checkGrads((x) => prim.expandP(x!, [2, 3, 4]), shapes([3, 1]));
  });
  it('slice with steps, offsets and a trailing remainder', () => {
    // dim 0: 1, 3 (of 5); dim 1: 0, 3, 6 (of 8); dim 2: 2 only (of 4)
    checkGrads((x) => prim.sliceP(x!, [1, 0, 2], [2, 3, 1], [2, 3, 1]), shapes([5, 8, 4]));
  });
  it('empty slice', () => {
    checkGrads((x) => prim.sliceP(x!, [0, 0], [1, 1], [0, 3]), shapes([2, 3]));
  });
});

describe('custom', () => {
  // f(a, b) = a * sin(b), with its gradient written by hand
  const mulSin = defineOp({
    name: 'mulSin',
    forward: (a: Tensor, b: Tensor) => a.mul(b.sin()),
    backward: (g, { inputs: [a, b], needsGrad }) => [
      needsGrad[0] ? g.mul(b.sin()) : null,
      needsGrad[1] ? g.mul(a).mul(b.cos()) : null,
    ],
  });
  it('uses the op own backward', () => {
    checkGrads((a, b) => mulSin(a!, b!), shapes([2, 3], [2, 3]));
  });
});
