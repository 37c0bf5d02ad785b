/**
 * Shared helpers for the CPU kernel tests: the three backends compared (pure
 * TypeScript reference, wasm on one thread, wasm on several), seeded random
 * data, strided operands built straight on the Backend interface, and checks.
 */
import { expect } from 'vitest';
import type { Backend, Operand, Shape, StorageHandle } from '../src/index.js';
import { CpuBackend } from '../src/index.js';

export const reference = new CpuBackend({ simd: false });
export const oneThread = new CpuBackend({ threads: 1 });
/** More threads than this machine may have cores: the scheduler must not care. */
export const threeThreads = new CpuBackend({ threads: 3 });

/** mulberry32: small, seeded, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randInt(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

export function randomData(r: () => number, n: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (r() * 2 - 1) * scale;
  return out;
}

export type Layout = 'contiguous' | 'transposed' | 'swapLast' | 'offset' | 'spaced' | 'broadcast';

/**
 * A float32 operand of logical `shape` on `backend` (uniform values in [-scale,
 * scale]), laid out as asked: row-major;
 * with all dims in reversed memory order; with the last two swapped (a batch of
 * transposes); after a few unused elements; every
 * other element (no unit stride anywhere); or with odd dims expanded by stride 0.
 * The same seed gives the same logical values whatever the layout.
 */
export function operand(
  backend: Backend,
  shape: Shape,
  seed: number,
  layout: Layout = 'contiguous',
  scale = 1,
): Operand {
  const r = rng(seed);
  const rank = shape.length;
  const logical = randomData(
    r,
    shape.reduce((a, b) => a * b, 1),
    scale,
  );
  if (layout === 'broadcast') {
    // values vary only along dims whose index is even; odd dims are stride 0
    const strides = new Array<number>(rank).fill(0);
    let size = 1;
    for (let d = rank - 1; d >= 0; d--) {
      if (d % 2 === 0 || rank === 1) {
        strides[d] = size;
        size *= shape[d]!;
      }
    }
    const data = randomData(r, Math.max(size, 1), scale);
    return {
      storage: backend.upload(data, 'float32'),
      dtype: 'float32',
      view: { shape: [...shape], strides, offset: 0 },
    };
  }
  const perm = shape.map((_, i) => i);
  if (layout === 'transposed') perm.reverse();
  if (layout === 'swapLast' && rank >= 2)
    [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  const physical = perm.map((p) => shape[p]!);
  const physStrides = new Array<number>(rank);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    physStrides[i] = s;
    s *= physical[i]!;
  }
  const spacing = layout === 'spaced' ? 2 : 1;
  const strides = new Array<number>(rank);
  perm.forEach((p, i) => {
    strides[p] = spacing * physStrides[i]!;
  });
  const offset = layout === 'offset' ? 5 : 0;
  const data = new Float32Array(offset + spacing * logical.length);
  // write logical element (row-major index) at its strided address
  const idx = new Array<number>(rank).fill(0);
  for (let n = 0; n < logical.length; n++) {
    let addr = offset;
    for (let d = 0; d < rank; d++) addr += idx[d]! * strides[d]!;
    data[addr] = logical[n]!;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return {
    storage: backend.upload(data, 'float32'),
    dtype: 'float32',
    view: { shape: [...shape], strides, offset },
  };
}

/** The same logical operand rebuilt on another backend (same seed and layout). */
export function onEach(shape: Shape, seed: number, layout: Layout = 'contiguous') {
  return {
    reference: operand(reference, shape, seed, layout),
    oneThread: operand(oneThread, shape, seed, layout),
    threeThreads: operand(threeThreads, shape, seed, layout),
  };
}

/** Runs a kernel, reads its output, and releases everything it was given and made. */
export function readAndRelease(
  backend: Backend,
  out: StorageHandle,
  size: number,
  inputs: readonly Operand[],
) {
  const data = backend.readSync!(out, 'float32', size) as Float32Array;
  backend.release(out);
  for (const o of inputs) backend.release(o.storage);
  return data;
}

/** Bitwise equality (NaN payloads included), with the first differing index in the message. */
export function expectIdentical(a: Float32Array, b: Float32Array, what: string): void {
  expect(a.length, `${what}: length`).toBe(b.length);
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) {
    if (ua[i] !== ub[i]) expect.fail(`${what}: element ${i} differs: ${a[i]} vs ${b[i]}`);
  }
}

/** |got - want| <= atol + rtol * |want| elementwise (NaN must match NaN). */
export function expectClose(
  got: Float32Array,
  want: ArrayLike<number>,
  rtol: number,
  atol: number,
  what: string,
) {
  expect(got.length, `${what}: length`).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    if (g === w) continue;
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) {
      expect.fail(`${what}: element ${i}: got ${g}, want ${w} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

/**
 * The float32 rounding bound of a length-k dot product accumulated in f32:
 * |err| <= k * 2^-24 * sum |a_i b_i| (first-order; the factor 2 is slack).
 */
export function dotProductBound(k: number, absDot: number): number {
  return 2 * Math.max(k, 1) * 2 ** -24 * absDot + 1e-30;
}
