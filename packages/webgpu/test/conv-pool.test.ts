import type { Conv2dParams, Pool2dParams } from '@isotropic/tensor';
import * as T from '@isotropic/tensor';
import { it } from 'vitest';
import { describeWebGPU } from './gpu-backend.js';
import { expectParity, type Maker, strided } from './parity.js';

const TOL = { rtol: 1e-4, atol: 1e-4 };

interface ConvCase {
  name: string;
  x: [number, number, number, number];
  w: [number, number, number, number];
  p: Conv2dParams;
}

const conv = (
  name: string,
  x: ConvCase['x'],
  w: ConvCase['w'],
  stride: [number, number] = [1, 1],
  padding: [number, number] = [0, 0],
  dilation: [number, number] = [1, 1],
  groups = 1,
): ConvCase => ({ name, x, w, p: { stride, padding, dilation, groups } });

const CONVS: ConvCase[] = [
  conv('3x3 plain, odd channels', [2, 3, 9, 11], [5, 3, 3, 3]),
  conv('3x3 stride 2, padding 1', [2, 4, 10, 9], [6, 4, 3, 3], [2, 2], [1, 1]),
  conv('dilation 2, asymmetric padding and stride', [1, 3, 12, 10], [4, 3, 3, 2], [1, 2], [2, 1], [2, 1]),
  conv('groups 2', [2, 4, 7, 7], [6, 2, 3, 3], [1, 1], [1, 1], [1, 1], 2),
  conv('depthwise 3x3', [2, 6, 9, 8], [6, 1, 3, 3], [1, 1], [1, 1], [1, 1], 6),
  conv('depthwise stride 2 dilation 2', [1, 5, 13, 11], [5, 1, 3, 3], [2, 2], [2, 2], [2, 2], 5),
  conv('depthwise multiplier 2', [1, 3, 8, 8], [6, 1, 3, 3], [1, 1], [1, 1], [1, 1], 3),
  conv('1x1 pointwise, many channels', [2, 40, 5, 6], [70, 40, 1, 1]),
  conv('patchify 4x4 stride 4', [2, 3, 16, 12], [48, 3, 4, 4], [4, 4]),
  conv('kernel larger than stride with padding', [1, 2, 5, 5], [3, 2, 5, 5], [3, 3], [2, 2]),
];

function convInputs(m: Maker, c: ConvCase) {
  const [N, , H, W] = c.x;
  const OH = Math.floor((H + 2 * c.p.padding[0] - c.p.dilation[0] * (c.w[2] - 1) - 1) / c.p.stride[0]) + 1;
  const OW = Math.floor((W + 2 * c.p.padding[1] - c.p.dilation[1] * (c.w[3] - 1) - 1) / c.p.stride[1]) + 1;
  return { x: m.randn(c.x), w: m.randn(c.w), dy: m.randn([N, c.w[0], OH, OW]) };
}

describeWebGPU('conv2d and its backward kernels match the CPU backend', () => {
  it.each(CONVS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await expectParity((m) => {
      const { x, w, dy } = convInputs(m, c);
      return [
        T.conv2d(strided(x), w, null, c.p),
        T.prim.conv2dBackwardInputP(dy, w, c.x, c.p),
        T.prim.conv2dBackwardWeightP(x, dy, c.w, c.p),
      ];
    }, TOL);
  });

  it('backward weight with a long reduction (split into partial sums)', async () => {
    await expectParity((m) => {
      const c = conv('', [8, 4, 20, 20], [8, 4, 3, 3], [1, 1], [1, 1]);
      const { x, dy } = convInputs(m, c);
      const dw = conv('', [8, 8, 20, 20], [8, 1, 3, 3], [1, 1], [1, 1], [1, 1], 8);
      const d = convInputs(m, dw);
      return [
        T.prim.conv2dBackwardWeightP(x, dy, c.w, c.p),
        T.prim.conv2dBackwardWeightP(d.x, d.dy, dw.w, dw.p),
      ];
    }, TOL);
  });
});

const POOLS: [string, Pool2dParams][] = [
  ['max 2x2', { mode: 'max', kernel: [2, 2], stride: [2, 2], padding: [0, 0] }],
  [
    'max 3x3 stride 2 padding 1 (overlapping)',
    { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1] },
  ],
  ['max 3x2 stride 1', { mode: 'max', kernel: [3, 2], stride: [1, 1], padding: [1, 0] }],
  ['avg 2x2', { mode: 'avg', kernel: [2, 2], stride: [2, 2], padding: [0, 0] }],
  [
    'avg 3x3 stride 2 padding 1 (counts padding)',
    { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1] },
  ],
];

describeWebGPU('pool2d and its backward kernel match the CPU backend', () => {
  it.each(POOLS)('%s', async (_name, p) => {
    await expectParity((m) => {
      const x = m.randn([2, 3, 9, 7]);
      // ties: rounded values make equal maxima, which must route to the first one
      const ties = T.floor(T.mul(m.randn([1, 2, 6, 6]), 2));
      const y = T.prim.pool2dP(x, p, poolOut(x.shape, p));
      const dy = m.randn(y.shape);
      const yt = T.prim.pool2dP(ties, p, poolOut(ties.shape, p));
      return [
        y,
        T.prim.pool2dBackwardP(x, dy, p),
        T.prim.pool2dBackwardP(ties, m.randn(yt.shape), p),
        T.prim.pool2dP(m.tensor([NaN, 1, 2, NaN, 3, 4, 5, 6, 7], [1, 1, 3, 3]), p, poolOut([1, 1, 3, 3], p)),
      ];
    }, TOL);
  });

  it('public pooling ops, including adaptive average pooling', async () => {
    await expectParity((m) => {
      const x = m.randn([2, 3, 10, 9]);
      return [
        T.maxPool2d(x, 3, { stride: 2, padding: 1 }),
        T.avgPool2d(x, 2),
        T.adaptiveAvgPool2d(x, [3, 4]),
      ];
    }, TOL);
  });
});

function poolOut(s: readonly number[], p: Pool2dParams): number[] {
  const o = (n: number, i: 0 | 1) => Math.floor((n + 2 * p.padding[i] - p.kernel[i]) / p.stride[i]) + 1;
  return [s[0]!, s[1]!, o(s[2]!, 0), o(s[3]!, 1)];
}
