import { describe, expect, it } from 'vitest';
import type { Backend, Conv2dParams, Operand, StorageHandle } from '../src/index.js';
import {
  dotProductBound,
  expectIdentical,
  oneThread,
  operand,
  randInt,
  reference,
  rng,
  threeThreads,
} from './cpu-harness.js';

interface ConvCase {
  readonly N: number;
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly O: number;
  readonly KH: number;
  readonly KW: number;
  readonly p: Conv2dParams;
}

const outSize = (n: number, k: number, s: number, p: number, d: number) =>
  Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;

function shapes(c: ConvCase) {
  const OH = outSize(c.H, c.KH, c.p.stride[0], c.p.padding[0], c.p.dilation[0]);
  const OW = outSize(c.W, c.KW, c.p.stride[1], c.p.padding[1], c.p.dilation[1]);
  return {
    x: [c.N, c.C, c.H, c.W],
    w: [c.O, c.C / c.p.groups, c.KH, c.KW],
    y: [c.N, c.O, OH, OW],
  };
}

type Which = 'forward' | 'input' | 'weight';

/** Runs one of the three kernels on `backend`; `abs` feeds absolute values (for the error bound). */
function run(backend: Backend, c: ConvCase, which: Which, seed: number, abs = false): Float32Array {
  const s = shapes(c);
  const make = (shape: number[], k: number): Operand => {
    const o = operand(backend, shape, seed + k);
    if (!abs) return o;
    const h = backend.unary('abs', o);
    backend.release(o.storage);
    return { ...o, storage: h };
  };
  let inputs: Operand[];
  let out: StorageHandle;
  let size: number;
  if (which === 'forward') {
    inputs = [make(s.x, 0), make(s.w, 1)];
    out = backend.conv2d(inputs[0]!, inputs[1]!, c.p);
    size = s.y.reduce((a, b) => a * b, 1);
  } else if (which === 'input') {
    inputs = [make(s.y, 2), make(s.w, 1)];
    out = backend.conv2dBackwardInput(inputs[0]!, inputs[1]!, s.x, c.p);
    size = s.x.reduce((a, b) => a * b, 1);
  } else {
    inputs = [make(s.x, 0), make(s.y, 2)];
    out = backend.conv2dBackwardWeight(inputs[0]!, inputs[1]!, s.w, c.p);
    size = s.w.reduce((a, b) => a * b, 1);
  }
  const data = backend.readSync!(out, 'float32', size) as Float32Array;
  backend.release(out);
  for (const o of inputs) backend.release(o.storage);
  return data;
}

/** Terms summed per output element (upper bound), for the f32 rounding bound. */
function terms(c: ConvCase, which: Which): number {
  const s = shapes(c);
  if (which === 'forward') return (c.C / c.p.groups) * c.KH * c.KW;
  if (which === 'input') return (c.O / c.p.groups) * c.KH * c.KW;
  return c.N * s.y[2]! * s.y[3]!;
}

function checkCase(c: ConvCase, seed: number): void {
  for (const which of ['forward', 'input', 'weight'] as const) {
    const want = run(reference, c, which, seed);
    const absWant = run(reference, c, which, seed, true);
    const got1 = run(oneThread, c, which, seed);
    const got3 = run(threeThreads, c, which, seed);
    const k = terms(c, which);
    for (let i = 0; i < want.length; i++) {
      const err = Math.abs(got1[i]! - want[i]!);
      if (!(err <= dotProductBound(k, absWant[i]!))) {
        expect.fail(`${which} ${JSON.stringify(c)} element ${i}: got ${got1[i]}, want ${want[i]}`);
      }
    }
    expectIdentical(got3, got1, `${which} ${JSON.stringify(c)}: 3 threads vs 1`);
  }
}

const params = (
  stride: [number, number],
  padding: [number, number],
  dilation: [number, number],
  groups: number,
) => ({
  stride,
  padding,
  dilation,
  groups,
});

describe('wasm f32 conv2d (implicit GEMM and depthwise) against the TypeScript reference', () => {
  it('matches forward, input and weight gradients on 30 random geometries', () => {
    const r = rng(11);
    for (let t = 0; t < 30; t++) {
      const groups = [1, 1, 2, 3][t % 4]!;
      const depthwise = t % 5 === 4;
      const C = depthwise ? randInt(r, 1, 6) : groups * randInt(r, 1, 4);
      const O = depthwise ? C : groups * randInt(r, 1, 5);
      const KH = randInt(r, 1, 4);
      const KW = randInt(r, 1, 5);
      const p = params(
        [randInt(r, 1, 3), randInt(r, 1, 2)],
        [randInt(r, 0, 2), randInt(r, 0, 3)],
        [randInt(r, 1, 2), randInt(r, 1, 2)],
        depthwise ? C : groups,
      );
      const H = randInt(r, (KH - 1) * p.dilation[0] + 1, 13);
      const W = randInt(r, (KW - 1) * p.dilation[1] + 1, 17);
      checkCase({ N: randInt(r, 1, 3), C, H, W, O, KH, KW, p }, 300 + t);
    }
  });

  it('ConvNeXt-style layers: 7x7 depthwise (padding 3), 1x1 pointwise, a 4x4 stride-4 stem', () => {
    checkCase({ N: 2, C: 8, H: 14, W: 14, O: 8, KH: 7, KW: 7, p: params([1, 1], [3, 3], [1, 1], 8) }, 1);
    checkCase({ N: 2, C: 12, H: 9, W: 11, O: 20, KH: 1, KW: 1, p: params([1, 1], [0, 0], [1, 1], 1) }, 2);
    checkCase({ N: 1, C: 3, H: 32, W: 32, O: 16, KH: 4, KW: 4, p: params([4, 4], [0, 0], [1, 1], 1) }, 3);
  });

  it('depthwise with ragged widths (1..3 outputs past a multiple of 4, or of 16) and strides', () => {
    for (const W of [5, 6, 7, 17, 19, 33]) {
      checkCase({ N: 1, C: 3, H: 6, W, O: 3, KH: 3, KW: 3, p: params([1, 1], [1, 1], [1, 1], 3) }, W);
      checkCase({ N: 2, C: 2, H: 7, W, O: 2, KH: 3, KW: 2, p: params([2, 3], [1, 0], [1, 2], 2) }, W + 100);
    }
  });

  it('input gradients whose im2col columns span several batches of images (16 MB each)', () => {
    // 2 groups x (32*9 taps) x 56*56 pixels = 7.2 MB of columns per image: batches of 2 images, then 1
    checkCase({ N: 3, C: 64, H: 56, W: 56, O: 4, KH: 3, KW: 3, p: params([1, 1], [1, 1], [1, 1], 2) }, 21);
    checkCase({ N: 3, C: 64, H: 111, W: 112, O: 4, KH: 3, KW: 3, p: params([2, 2], [1, 1], [1, 1], 1) }, 22);
  });

  it('weight gradients of small filter banks over many images (the images split across chunks)', () => {
    // dW is 32 x 9 (a first layer) or 32 x 36, one GEMM segment per image; the images are
    // summed in parts (8 of 2 images; 6 of 2, as 8 does not divide 12) added in order
    checkCase({ N: 16, C: 1, H: 28, W: 28, O: 32, KH: 3, KW: 3, p: params([1, 1], [1, 1], [1, 1], 1) }, 31);
    checkCase({ N: 12, C: 4, H: 14, W: 14, O: 32, KH: 3, KW: 3, p: params([1, 1], [1, 1], [1, 1], 1) }, 32);
  });

  it('unpadded convolutions (the im2col packer reads each tap without bounds checks)', () => {
    // output rows of 14 (strips of 16 cross rows), of 28 (unit-stride runs), dilation, 4x4 stride 4
    checkCase({ N: 2, C: 3, H: 30, W: 30, O: 5, KH: 3, KW: 3, p: params([2, 2], [0, 0], [1, 1], 1) }, 41);
    checkCase({ N: 2, C: 3, H: 30, W: 30, O: 5, KH: 3, KW: 3, p: params([1, 1], [0, 0], [1, 1], 1) }, 42);
    checkCase({ N: 1, C: 2, H: 21, W: 25, O: 3, KH: 3, KW: 2, p: params([1, 2], [0, 0], [2, 3], 1) }, 43);
    checkCase({ N: 3, C: 3, H: 28, W: 28, O: 8, KH: 4, KW: 4, p: params([4, 4], [0, 0], [1, 1], 1) }, 44);
  });

  it('is bit-identical with 1 and 3 threads on a layer big enough for the workers', () => {
    const c: ConvCase = {
      N: 4,
      C: 16,
      H: 20,
      W: 20,
      O: 24,
      KH: 3,
      KW: 3,
      p: params([1, 1], [1, 1], [1, 1], 1),
    };
    for (const which of ['forward', 'input', 'weight'] as const) {
      expectIdentical(run(threeThreads, c, which, 9), run(oneThread, c, which, 9), which);
    }
  });
});
