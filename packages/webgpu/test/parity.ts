/**
 * Runs the same computation on the CPU backend (the reference) and on the
 * WebGPU backend, from the same seeded inputs, and compares the results:
 * exactly for int32 and bool, within the f32 GPU tolerance for float32
 * (NaN must meet NaN, infinities must match).
 */

import type { Backend, DType, Tensor } from '@isotropic/tensor';
import * as T from '@isotropic/tensor';
import { expect } from 'vitest';
import { backend } from './gpu-backend.js';
import { GPU_TOLERANCE } from './tolerance.js';

/** A small deterministic generator (mulberry32), so both backends get identical inputs. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Maker {
  readonly backend: Backend;
  /** Uniform floats in [lo, hi). */
  uniform(shape: readonly number[], lo?: number, hi?: number): Tensor;
  /** Standard normal floats. */
  randn(shape: readonly number[]): Tensor;
  /** Integers in [lo, hi) as int32. */
  randint(shape: readonly number[], lo: number, hi: number): Tensor;
  /** Random booleans. */
  bools(shape: readonly number[]): Tensor;
  tensor(values: number[], shape: readonly number[], dtype?: DType): Tensor;
}

function maker(b: Backend, seed: number): Maker {
  const rnd = mulberry32(seed);
  const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
  const floats = (shape: readonly number[], f: () => number) =>
    T.tensor(Float32Array.from({ length: size(shape) }, f), shape, { backend: b });
  return {
    backend: b,
    uniform: (shape, lo = -1, hi = 1) => floats(shape, () => lo + (hi - lo) * rnd()),
    randn: (shape) =>
      floats(shape, () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd())),
    randint: (shape, lo, hi) =>
      T.tensor(
        Int32Array.from({ length: size(shape) }, () => lo + Math.floor((hi - lo) * rnd())),
        shape,
        {
          backend: b,
          dtype: 'int32',
        },
      ),
    bools: (shape) =>
      T.tensor(
        Array.from({ length: size(shape) }, () => (rnd() < 0.5 ? 1 : 0)),
        shape,
        { backend: b, dtype: 'bool' },
      ),
    tensor: (values, shape, dtype = 'float32') => T.tensor(values, shape, { backend: b, dtype }),
  };
}

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

async function values(t: Tensor): Promise<{ shape: readonly number[]; dtype: DType; data: number[] }> {
  return { shape: t.shape, dtype: t.dtype, data: Array.from(await t.data()) };
}

/** Describes the first element outside tolerance, or undefined. */
export function mismatch(got: number[], want: number[], tol: Tolerance): string | undefined {
  if (got.length !== want.length) return `length ${got.length} != ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (
      Number.isNaN(w)
        ? Number.isNaN(g)
        : !Number.isFinite(w)
          ? g === w
          : Math.abs(g - w) <= tol.atol + tol.rtol * Math.abs(w)
    ) {
      continue;
    }
    return `element ${i}: webgpu ${g}, cpu ${w}`;
  }
  return undefined;
}

/**
 * Builds the computation on each backend (same seed) and expects equal shapes,
 * dtypes and values. `build` may return one tensor or several.
 */
export async function expectParity(
  build: (m: Maker) => Tensor | Tensor[],
  tol: Tolerance = GPU_TOLERANCE,
  seed = 1234,
  gpuBackend: Backend = backend(),
): Promise<void> {
  const run = (b: Backend) =>
    T.scope(async () => {
      const out = T.withBackend(b, () => build(maker(b, seed)));
      return Promise.all((Array.isArray(out) ? out : [out]).map(values));
    });
  const want = await run(T.cpuBackend());
  const got = await run(gpuBackend);
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(got[i]!.shape, `output ${i} shape`).toEqual(want[i]!.shape);
    expect(got[i]!.dtype, `output ${i} dtype`).toBe(want[i]!.dtype);
    const exact = want[i]!.dtype !== 'float32';
    const err = mismatch(got[i]!.data, want[i]!.data, exact ? { rtol: 0, atol: 0 } : tol);
    expect(err, `output ${i}`).toBeUndefined();
  }
}

/**
 * The same values as `t` laid out as a non-contiguous view: a transposed copy
 * transposed back (as the fixture harness does), so kernels see real strides.
 */
export function strided(t: Tensor): Tensor {
  if (t.ndim < 2) {
    // every other element of an interleaved copy: stride 2, and an offset for rank 0
    return T.slice(T.stack([t, t], -1), [...t.shape.map(() => null), 1]);
  }
  const rev = t.shape.map((_, i) => t.ndim - 1 - i);
  return T.transpose(T.contiguous(T.transpose(t, rev)), rev);
}
