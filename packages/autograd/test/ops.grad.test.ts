/**
 * Finite-difference checks of every public op of @isotropic/tensor, each on
 * contiguous, strided and transposed inputs (see gradcheck.ts). Inputs avoid
 * the kinks of non-smooth ops (|x| near 0, ties of max) where the derivative is
 * not defined and differences would straddle it.
 */
import * as T from '@isotropic/tensor';
import { type Tensor, tensor } from '@isotropic/tensor';
import { describe, it } from 'vitest';
import { checkGrads, type GradCheckOptions, type InputSpec, shapes } from './gradcheck.js';

const positive = (v: number) => Math.abs(v) + 0.5;
const awayFromZero = (v: number) => (v >= 0 ? v + 0.3 : v - 0.3);
const awayFromIntegers = (v: number) => Math.floor(v * 3) + 0.5;
const awayFromBounds = (v: number) => (Math.abs(Math.abs(v) - 0.5) < 0.1 ? v + 0.25 : v);
const f64 = { dtype: 'float64' } as const;
const int32 = (values: number[], shape: number[]) => tensor(values, shape, { dtype: 'int32' });

type Case = readonly [string, (...xs: Tensor[]) => Tensor, readonly InputSpec[], GradCheckOptions?];

function run(cases: readonly Case[]): void {
  it.each(cases.map((c) => [c[0], c] as const))('%s', (_name, [, f, specs, options]) =>
    checkGrads(f, specs, options),
  );
}

describe('elementwise unary', () => {
  run([
    ['abs', (x) => T.abs(x!), [{ shape: [3, 4], map: awayFromZero }]],
    ['cos', (x) => T.cos(x!), shapes([3, 4])],
    ['erf', (x) => T.erf(x!), shapes([3, 4])],
    ['exp', (x) => T.exp(x!), shapes([3, 4])],
    ['floor (zero gradient)', (x) => T.floor(x!), [{ shape: [3, 4], map: awayFromIntegers }]],
    ['log', (x) => T.log(x!), [{ shape: [3, 4], map: positive }]],
    ['neg', (x) => T.neg(x!), shapes([3, 4])],
    ['reciprocal', (x) => T.reciprocal(x!), [{ shape: [3, 4], map: awayFromZero }]],
    ['rsqrt', (x) => T.rsqrt(x!), [{ shape: [3, 4], map: positive }]],
    ['sign (zero gradient)', (x) => T.sign(x!), [{ shape: [3, 4], map: awayFromZero }]],
    ['sin', (x) => T.sin(x!), shapes([3, 4])],
    ['sqrt', (x) => T.sqrt(x!), [{ shape: [3, 4], map: positive }]],
    ['square', (x) => T.square(x!), shapes([3, 4])],
    ['tanh', (x) => T.tanh(x!), shapes([3, 4])],
    [
      'logicalNot (no gradient)',
      (x) => T.cast(T.logicalNot(T.gt(x!, 0)), 'float64'),
      [{ shape: [5], map: awayFromZero }],
    ],
    // float32 cannot resolve a 1e-6 step, and the cotangent passes through float32 too
    [
      'cast float64 -> float32 -> float64',
      (x) => T.cast(T.cast(x!, 'float32'), 'float64'),
      [{ shape: [4], values: [0.5, -1.25, 2, 0.125] }],
      { eps: 1e-3, rtol: 1e-4, atol: 1e-4 },
    ],
    [
      'cast to int32 (stops)',
      (x) => T.cast(T.cast(x!, 'int32'), 'float64'),
      [{ shape: [4], map: awayFromIntegers }],
    ],
    ['method chain x.exp().mul(x).sum(1)', (x) => x!.exp().mul(x!).sum(1), shapes([3, 4])],
  ]);
});

describe('elementwise binary with broadcasting', () => {
  run([
    ['add', (a, b) => T.add(a!, b!), shapes([2, 3, 4], [3, 1])],
    ['sub', (a, b) => T.sub(a!, b!), shapes([3, 1], [2, 1, 4])],
    ['mul', (a, b) => T.mul(a!, b!), shapes([2, 3, 4], [4])],
    ['div', (a, b) => T.div(a!, b!), [{ shape: [2, 3] }, { shape: [2, 1], map: awayFromZero }]],
    ['pow', (a, b) => T.pow(a!, b!), [{ shape: [2, 3], map: positive }, { shape: [3] }]],
    ['maximum', (a, b) => T.maximum(a!, b!), shapes([2, 3, 4], [3, 4])],
    ['minimum', (a, b) => T.minimum(a!, b!), shapes([4], [2, 3, 4])],
    [
      'scalar operands: 2 - x * 3 + x / 4',
      (x) => T.add(T.sub(2, T.mul(x!, 3)), T.div(x!, 4)),
      shapes([2, 3]),
    ],
    ['pow(x, 3) and pow(2, x)', (x) => T.add(T.pow(x!, 3), T.pow(2, x!)), shapes([2, 3])],
    ['clip', (x) => T.clip(x!, -0.5, 0.5), [{ shape: [3, 4], map: awayFromBounds }]],
    [
      'comparisons (no gradient)',
      (a, b) => T.cast(T.lt(a!, b!), 'float64').add(T.cast(T.ge(a!, b!), 'float64')),
      shapes([2, 3], [3]),
    ],
    ['where (broadcast branches)', (a, b) => T.where(T.gt(a!, 0), a!, b!), shapes([2, 3], [3])],
    ['where with a scalar branch', (a) => T.where(T.gt(a!, 0), T.mul(a!, a!), 0), shapes([2, 3])],
  ]);
});

describe('activations', () => {
  run([
    ['gelu (exact, erf)', (x) => T.gelu(x!), shapes([3, 4])],
    ['gelu (tanh approximation)', (x) => T.gelu(x!, 'tanh'), shapes([3, 4])],
    ['relu', (x) => T.relu(x!), [{ shape: [3, 4], map: awayFromZero }]],
    ['sigmoid', (x) => T.sigmoid(x!), shapes([3, 4])],
    ['silu', (x) => T.silu(x!), shapes([3, 4])],
    ['softplus', (x) => T.softplus(x!), [{ shape: [3, 4], map: awayFromZero }]],
  ]);
});

describe('reductions', () => {
  run([
    ['sum over all', (x) => T.sum(x!), shapes([2, 3, 4])],
    ['sum over axes [0, 2] keepdims', (x) => T.sum(x!, [0, 2], true), shapes([2, 3, 4])],
    ['mean over axis -1', (x) => T.mean(x!, -1), shapes([2, 3, 4])],
    ['max over axis 1', (x) => T.max(x!, 1), shapes([2, 3, 4])],
    ['min over all keepdims', (x) => T.min(x!, null, true), shapes([2, 3, 4])],
    [
      'argmax / argmin (no gradient)',
      (x) => T.cast(T.add(T.argmax(x!, 1), T.argmin(x!)), 'float64'),
      shapes([3, 4]),
    ],
    ['variance (population)', (x) => T.variance(x!, 1), shapes([3, 5])],
    ['variance (unbiased, all axes)', (x) => T.variance(x!, null, false, 1), shapes([3, 5])],
    ['logsumexp', (x) => T.logsumexp(x!, [0, 2]), shapes([2, 3, 4])],
    ['logsumexp keepdims', (x) => T.logsumexp(x!, -1, true), shapes([3, 4])],
  ]);
});

describe('matmul', () => {
  run([
    ['2-D', (a, b) => T.matmul(a!, b!), shapes([3, 4], [4, 5])],
    ['batched', (a, b) => T.matmul(a!, b!), shapes([2, 3, 4], [2, 4, 5])],
    ['broadcast batch dims', (a, b) => T.matmul(a!, b!), shapes([2, 1, 3, 4], [3, 4, 2])],
    ['1-D @ 2-D', (a, b) => T.matmul(a!, b!), shapes([4], [4, 3])],
    ['3-D @ 1-D', (a, b) => T.matmul(a!, b!), shapes([2, 3, 4], [4])],
    ['1-D @ 1-D (dot)', (a, b) => T.matmul(a!, b!), shapes([5], [5])],
    ['x @ x.mT', (a) => T.matmul(a!, a!.mT), shapes([3, 4])],
  ]);
});

describe('normalisation', () => {
  run([
    ['softmax', (x) => T.softmax(x!, -1), shapes([3, 4])],
    ['softmax over axis 0', (x) => T.softmax(x!, 0), shapes([3, 4])],
    ['logSoftmax', (x) => T.logSoftmax(x!, 1), shapes([2, 4, 3])],
    ['layerNorm with affine', (x, w, b) => T.layerNorm(x!, [4], w, b), shapes([2, 3, 4], [4], [4])],
    ['layerNorm over two dims, no affine', (x) => T.layerNorm(x!, [3, 4]), shapes([2, 3, 4])],
  ]);
});

describe('convolution and pooling', () => {
  run([
    ['conv2d with bias', (x, w, b) => T.conv2d(x!, w!, b), shapes([2, 3, 5, 5], [4, 3, 3, 3], [4])],
    ['conv2d groups=2', (x, w) => T.conv2d(x!, w!, null, { groups: 2 }), shapes([1, 4, 5, 4], [6, 2, 3, 2])],
    [
      'conv2d depthwise',
      (x, w, b) => T.conv2d(x!, w!, b, { groups: 3, padding: 1 }),
      shapes([2, 3, 4, 4], [3, 1, 3, 3], [3]),
    ],
    [
      'conv2d stride 2 padding 1',
      (x, w) => T.conv2d(x!, w!, null, { stride: 2, padding: 1 }),
      shapes([1, 2, 6, 5], [3, 2, 3, 3]),
    ],
    [
      'conv2d dilation 2',
      (x, w) => T.conv2d(x!, w!, null, { dilation: 2, padding: [2, 1] }),
      shapes([1, 2, 6, 6], [2, 2, 3, 2]),
    ],
    ['conv2d 1x1', (x, w) => T.conv2d(x!, w!), shapes([2, 3, 2, 3], [5, 3, 1, 1])],
    ['avgPool2d', (x) => T.avgPool2d(x!, 2), shapes([2, 2, 4, 6])],
    [
      'avgPool2d stride 1 padding 1',
      (x) => T.avgPool2d(x!, 3, { stride: 1, padding: 1 }),
      shapes([1, 2, 4, 5]),
    ],
    ['maxPool2d', (x) => T.maxPool2d(x!, 2), shapes([2, 2, 4, 6])],
    [
      'maxPool2d overlapping with padding',
      (x) => T.maxPool2d(x!, 3, { stride: 2, padding: 1 }),
      shapes([1, 2, 5, 5]),
    ],
    ['adaptiveAvgPool2d to 1x1', (x) => T.adaptiveAvgPool2d(x!, 1), shapes([2, 3, 4, 5])],
    ['adaptiveAvgPool2d divisible', (x) => T.adaptiveAvgPool2d(x!, [2, 3]), shapes([1, 2, 4, 6])],
    ['adaptiveAvgPool2d non-divisible', (x) => T.adaptiveAvgPool2d(x!, [3, 2]), shapes([1, 2, 5, 5])],
  ]);
});

describe('joining, splitting, padding, indexing', () => {
  run([
    ['concat', (a, b) => T.concat([a!, b!], 1), shapes([2, 2, 3], [2, 4, 3])],
    ['stack', (a, b, c) => T.stack([a!, b!, c!], -1), shapes([2, 3], [2, 3], [2, 3])],
    [
      'split into sizes, recombined',
      (x) => {
        const [a, b, c] = T.split(x!, [1, 3, 2], 1);
        return T.concat([T.mul(a!, 2), T.exp(b!), T.mul(c!, c!)], 1);
      },
      shapes([2, 6]),
    ],
    [
      'split by chunk size',
      (x) =>
        T.sum(
          T.stack(
            T.split(x!, 2, 0).map((p) => T.sum(p, 0)),
            0,
          ),
          0,
        ),
      shapes([6, 3]),
    ],
    [
      'pad',
      (x) =>
        T.pad(
          x!,
          [
            [1, 2],
            [0, 1],
          ],
          -1,
        ),
      shapes([2, 3]),
    ],
    ['gather axis 1', (x) => T.gather(x!, 1, int32([0, 2, 2, 1, 1, 0], [2, 3])), shapes([2, 4])],
    ['indexSelect with repeats', (x) => T.indexSelect(x!, 0, int32([2, 0, 2, 1], [4])), shapes([3, 2])],
    [
      'oneHot (no input gradient) times x',
      (x) => T.mul(T.cast(T.oneHot(int32([1, 0, 2], [3]), 3), 'float64'), x!),
      shapes([3, 3]),
    ],
  ]);
});

describe('views', () => {
  run([
    ['reshape with -1', (x) => T.reshape(x!, [-1, 2]), shapes([3, 4])],
    ['flatten', (x) => T.flatten(x!, 1), shapes([2, 3, 2])],
    ['permute', (x) => T.permute(x!, [1, 2, 0]), shapes([2, 3, 4])],
    ['transpose', (x) => T.transpose(x!), shapes([2, 3, 4])],
    ['swapAxes', (x) => T.swapAxes(x!, 0, 2), shapes([2, 3, 4])],
    ['mT', (x) => x!.mT, shapes([2, 3, 4])],
    ['broadcastTo', (x) => T.broadcastTo(x!, [2, 3, 4]), shapes([3, 1])],
    ['expandDims then broadcast', (x) => T.broadcastTo(T.expandDims(x!, 1), [3, 2, 4]), shapes([3, 4])],
    ['squeeze', (x) => T.squeeze(x!), shapes([3, 1, 4])],
    ['contiguous', (x) => T.contiguous(x!), shapes([3, 4])],
    [
      'slice with steps',
      (x) =>
        T.slice(x!, [
          [1, null, 2],
          [null, null, 3],
        ]),
      shapes([5, 7]),
    ],
    [
      'slice with negative bounds and an index',
      (x) => T.slice(x!, [-2, [null, -1], [1, 3]]),
      shapes([3, 4, 4]),
    ],
    [
      'slice of a slice',
      (x) =>
        T.slice(T.slice(x!, [[null, null, 2]]), [
          [1, null],
          [2, null, 2],
        ]),
      shapes([7, 5]),
    ],
  ]);
});

describe('fused', () => {
  it('ecf (custom node of the tensor layer)', () => {
    const t = tensor([0.5, 1, 2], [3], f64);
    checkGrads((z) => T.ecf(z!, t), shapes([4, 2]));
  });
});
