import { describe, expect, it } from 'vitest';
import type { Backend, Operand } from '../src/index.js';
import { CpuBackend, ecf, linspace, permute, randn, tensor } from '../src/index.js';
import {
  expectClose,
  expectIdentical,
  type Layout,
  oneThread,
  operand,
  randomData,
  readAndRelease,
  reference,
  rng,
  threeThreads,
} from './cpu-harness.js';

const twoThreads = new CpuBackend({ threads: 2 });
const EPS = 2 ** -24;

/** SIGReg's grid: t_k = k tMax / (K - 1), the last knot exactly tMax. */
function grid(K: number, tMax: number): Float32Array {
  return Float32Array.from({ length: K }, (_, k) => (k === K - 1 ? tMax : (k * tMax) / (K - 1)));
}

function vector(backend: Backend, data: Float32Array): Operand {
  return {
    storage: backend.upload(data, 'float32'),
    dtype: 'float32',
    view: { shape: [data.length], strides: [1], offset: 0 },
  };
}

interface Case {
  readonly N: number;
  readonly M: number;
  readonly t: Float32Array;
  readonly layout?: Layout;
  /** z uniform in [-scale, scale]. */
  readonly scale?: number;
}

function forward(backend: Backend, c: Case): Float32Array {
  const z = operand(backend, [c.N, c.M], 11, c.layout, c.scale);
  const t = vector(backend, c.t);
  return readAndRelease(backend, backend.ecf!(z, t), 2 * c.t.length * c.M, [z, t]);
}

/** The cotangent g [2, K, M], uniform in [-1, 1]. */
function cotangent(c: Case): Float32Array {
  return randomData(rng(12), 2 * c.t.length * c.M);
}

function backward(backend: Backend, c: Case): Float32Array {
  const K = c.t.length;
  const z = operand(backend, [c.N, c.M], 11, c.layout, c.scale);
  const t = vector(backend, c.t);
  const g: Operand = {
    storage: backend.upload(cotangent(c), 'float32'),
    dtype: 'float32',
    view: { shape: [2, K, c.M], strides: [K * c.M, c.M, 1], offset: 0 },
  };
  return readAndRelease(backend, backend.ecfBackward!(z, t, g), c.N * c.M, [z, t, g]);
}

/**
 * Forward error bound. Each rotation of the f32 recurrence adds a few ulp to
 * (cos, sin) of knot k, so one row's values are within (k + 2) 2^-24 of the
 * exact ones (a 1-ulp sincos of an exactly reduced angle, then k - 1
 * rotations); means over rows can only average that down, and their f32 / f64
 * sums add less than an ulp. Holds for any |z|: the angle is reduced in f64.
 */
function expectForwardWithin(got: Float32Array, want: Float32Array, c: Case, what: string): void {
  const K = c.t.length;
  for (let s = 0; s < 2; s++) {
    for (let k = 0; k < K; k++) {
      for (let m = 0; m < c.M; m++) {
        const i = (s * K + k) * c.M + m;
        const bound = (k + 2) * EPS;
        if (!(Math.abs(got[i]! - want[i]!) <= bound)) {
          expect.fail(`${what}: out[${s}, ${k}, ${m}] = ${got[i]}, want ${want[i]} (bound ${bound})`);
        }
      }
    }
  }
}

/**
 * Backward error bound: dz sums K terms t_k / N (cos g_s - sin g_c) in f32, each
 * cos / sin within (k + 2) 2^-24 as above, plus the f32 sum's K 2^-24 relative to
 * the sum of the terms' magnitudes.
 */
function expectBackwardWithin(got: Float32Array, want: Float32Array, c: Case, what: string): void {
  const K = c.t.length;
  const g = cotangent(c);
  for (let m = 0; m < c.M; m++) {
    let bound = 0;
    for (let k = 1; k < K; k++) {
      const magnitude = (c.t[k]! * (Math.abs(g[k * c.M + m]!) + Math.abs(g[(K + k) * c.M + m]!))) / c.N;
      bound += (k + 2 + K) * EPS * magnitude;
    }
    bound = 2 * bound + 1e-30;
    for (let n = 0; n < c.N; n++) {
      const i = n * c.M + m;
      if (!(Math.abs(got[i]! - want[i]!) <= bound)) {
        expect.fail(`${what}: dz[${n}, ${m}] = ${got[i]}, want ${want[i]} (bound ${bound})`);
      }
    }
  }
}

const KNOTS: [number, number][] = [
  [3, 3],
  [17, 3],
  [33, 5],
];
/** Ragged rows and columns (not multiples of 4 or of the row blocks), single rows and columns. */
const SHAPES: [number, number][] = [
  [1, 1],
  [2, 3],
  [5, 4],
  [7, 5],
  [17, 13],
  [64, 2],
  [257, 9],
  [1000, 3],
];

describe('wasm f32 ecf / ecfBackward against the TypeScript reference', () => {
  it('runs the kernels it tests', () => {
    expect(oneThread.kernels.simd).toBe(true);
    expect(reference.kernels.simd).toBe(false);
  });

  it.each(KNOTS)('%i knots on [0, %i]: ragged shapes, every layout', (K, tMax) => {
    const t = grid(K, tMax);
    for (const [N, M] of SHAPES) {
      for (const layout of ['contiguous', 'transposed', 'offset', 'spaced'] as const) {
        const c: Case = { N, M, t, layout, scale: 3 };
        const what = `[${N}, ${M}] ${layout} K=${K}`;
        expectForwardWithin(forward(oneThread, c), forward(reference, c), c, `ecf ${what}`);
        expectBackwardWithin(backward(oneThread, c), backward(reference, c), c, `ecfBackward ${what}`);
      }
    }
  });

  it('stays within the same bound for wide z (|z| up to 50, angles up to 250)', () => {
    for (const [K, tMax] of KNOTS) {
      const c: Case = { N: 333, M: 21, t: grid(K, tMax), scale: 50 };
      expectForwardWithin(forward(oneThread, c), forward(reference, c), c, `ecf K=${K}`);
      expectBackwardWithin(backward(oneThread, c), backward(reference, c), c, `ecfBackward K=${K}`);
    }
  });

  it('matches direct float64 cos / sin sums (no drift of the recurrence at large angles)', () => {
    const c: Case = { N: 50, M: 6, t: grid(33, 5), scale: 50 };
    const z = operand(reference, [c.N, c.M], 11, 'contiguous', c.scale);
    const zData = reference.readSync!(z.storage, 'float32', c.N * c.M);
    reference.release(z.storage);
    const got = forward(oneThread, c);
    const K = c.t.length;
    const exact = new Float32Array(2 * K * c.M);
    for (let k = 0; k < K; k++) {
      for (let m = 0; m < c.M; m++) {
        let cs = 0;
        let sn = 0;
        for (let n = 0; n < c.N; n++) {
          const angle = c.t[k]! * zData[n * c.M + m]!;
          cs += Math.cos(angle);
          sn += Math.sin(angle);
        }
        exact[k * c.M + m] = cs / c.N;
        exact[(K + k) * c.M + m] = sn / c.N;
      }
    }
    // the uniform-grid recurrence rotates by t_1 = fl(5 / 32), so t_k = k t_1 to within 1e-7 relative
    expectForwardWithin(got, exact, c, 'ecf vs float64');
  });

  it('gives identical results on 1, 2 and 3 threads (row-split and column-split jobs)', () => {
    // [1000, 70]: few column chunks, so the forward job also splits rows; [300, 600]: columns only
    for (const [N, M] of [
      [1000, 70],
      [300, 600],
    ] as const) {
      const c: Case = { N, M, t: grid(17, 3), scale: 4 };
      const one = forward(oneThread, c);
      expectIdentical(forward(twoThreads, c), one, `ecf [${N}, ${M}] 2 threads`);
      expectIdentical(forward(threeThreads, c), one, `ecf [${N}, ${M}] 3 threads`);
      expectForwardWithin(one, forward(reference, c), c, `ecf [${N}, ${M}]`);
      const dz = backward(oneThread, c);
      expectIdentical(backward(twoThreads, c), dz, `ecfBackward [${N}, ${M}] 2 threads`);
      expectIdentical(backward(threeThreads, c), dz, `ecfBackward [${N}, ${M}] 3 threads`);
      expectBackwardWithin(dz, backward(reference, c), c, `ecfBackward [${N}, ${M}]`);
    }
  });

  it('stages operands through a private memory the same way', () => {
    const privateMemory = new CpuBackend({ sharedMemory: false });
    const c: Case = { N: 77, M: 11, t: grid(17, 3), layout: 'transposed' };
    expectIdentical(forward(privateMemory, c), forward(oneThread, c), 'ecf');
    expectIdentical(backward(privateMemory, c), backward(oneThread, c), 'ecfBackward');
  });

  it('leaves other grids to the TypeScript kernel', () => {
    for (const t of [Float32Array.of(0, 0.5, 1.7), Float32Array.of(0.5, 1, 1.5), Float32Array.of(0)]) {
      const c: Case = { N: 9, M: 5, t, layout: 'transposed' };
      expectIdentical(forward(oneThread, c), forward(reference, c), `ecf t=[${t}]`);
      expectIdentical(backward(oneThread, c), backward(reference, c), `ecfBackward t=[${t}]`);
    }
  });

  it('propagates NaN and infinities to knots k >= 1 like the reference', () => {
    const t = grid(5, 3);
    const data = Float32Array.of(0.5, Number.NaN, Number.POSITIVE_INFINITY, 1, 2, 3, -1, 0.25);
    const run = (b: Backend) => {
      const z: Operand = {
        storage: b.upload(data, 'float32'),
        dtype: 'float32',
        view: { shape: [2, 4], strides: [4, 1], offset: 0 },
      };
      const tv = vector(b, t);
      return readAndRelease(b, b.ecf!(z, tv), 2 * 5 * 4, [z, tv]);
    };
    expectClose(run(oneThread), run(reference), 1e-6, 1e-6, 'ecf with NaN / inf');
  });

  it('the public ecf reads a transposed view like its contiguous copy', async () => {
    const x = randn([24, 37], { seed: 5 });
    const t = linspace(0, 3, 17);
    const viaView = await ecf(permute(x, [1, 0]), t).data();
    const copied = tensor(await permute(x, [1, 0]).data(), [37, 24]);
    expectIdentical(viaView as Float32Array, (await ecf(copied, t).data()) as Float32Array, 'ecf of x.T');
  });
});
