import type { Backend } from '../backend.js';
import { allocTyped, type DType } from '../dtype.js';
import { getBackend } from '../engine.js';
import { DTypeError, ValueError } from '../errors.js';
import { fromTyped } from '../ops/creation.js';
import { checkShape, type Shape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { philox4x32 } from './philox.js';

/**
 * A PRNG key: two u32 words (JAX style). Keys are values; deriving new ones
 * (`splitKey`, `foldIn`) never mutates state. Same key, same numbers, on every
 * backend and in every run: numbers are generated on the host, then uploaded.
 */
export type Key = readonly [number, number];

const TWO32 = 4294967296;

/** A key from an integer seed (up to 2^53). */
export function key(seed: number): Key {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new ValueError(`key: seed must be a non-negative safe integer, got ${seed}`);
  return [seed >>> 0, Math.floor(seed / TWO32) >>> 0];
}

// Counter word 3 separates the uses of a key: 0 for bits, 1 for split, 2 for foldIn.
const BITS = 0;
const SPLIT = 1;
const FOLD = 2;

/** `n` independent keys derived from `k`. */
export function splitKey(k: Key, n = 2): Key[] {
  const out: Key[] = [];
  const block = new Uint32Array(4);
  for (let i = 0; i < n; i++) {
    philox4x32(i >>> 0, 0, 0, SPLIT, k[0], k[1], block);
    out.push([block[0]!, block[1]!]);
  }
  return out;
}

/** A key derived from `k` and an integer (e.g. the step number). */
export function foldIn(k: Key, data: number): Key {
  const block = philox4x32(data >>> 0, Math.floor(data / TWO32) >>> 0, 0, FOLD, k[0], k[1]);
  return [block[0]!, block[1]!];
}

/** The first `n` u32 words of key `k`'s stream (block i holds words 4i..4i+3). */
export function randomBits(k: Key, n: number): Uint32Array {
  const out = new Uint32Array(n);
  const block = new Uint32Array(4);
  for (let i = 0; i * 4 < n; i++) {
    philox4x32(i >>> 0, Math.floor(i / TWO32) >>> 0, 0, BITS, k[0], k[1], block);
    for (let j = 0; j < 4 && i * 4 + j < n; j++) out[i * 4 + j] = block[j]!;
  }
  return out;
}

/** Host-side uniform doubles in [0, 1) with 32 bits of randomness each. */
export function uniformDoubles(k: Key, n: number): Float64Array {
  const bits = randomBits(k, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = bits[i]! / TWO32;
  return out;
}

/** Host-side standard normal doubles (Box–Muller on pairs of uniforms). */
export function normalDoubles(k: Key, n: number): Float64Array {
  const bits = randomBits(k, n + (n % 2));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = (bits[i]! + 1) / (TWO32 + 1); // (0, 1]: log never sees 0
    const u2 = bits[i + 1]! / TWO32;
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

let globalKey: Key = key(0);
let globalCounter = 0;

/** Reseeds the stream used when no `key`/`seed` is given (like torch.manual_seed). */
export function manualSeed(seed: number): void {
  globalKey = key(seed);
  globalCounter = 0;
}

export interface RandomOptions {
  /** Explicit key; takes precedence over `seed`. */
  key?: Key;
  /** Shorthand for `key: key(seed)`. */
  seed?: number;
  dtype?: DType;
  backend?: Backend;
}

function resolveKey(opts: RandomOptions | undefined): Key {
  if (opts?.key) return opts.key;
  if (opts?.seed !== undefined) return key(opts.seed);
  return foldIn(globalKey, globalCounter++);
}

function floatTensor(
  op: string,
  values: Float64Array,
  shape: Shape,
  opts: RandomOptions | undefined,
): Tensor {
  const dtype = opts?.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64')
    throw new DTypeError(`${op}: dtype must be float32 or float64, got ${dtype}`);
  const data = allocTyped(dtype, values.length);
  data.set(values);
  return fromTyped(data, shape, dtype, opts?.backend ?? getBackend());
}

/** Uniform samples in [0, 1). */
export function rand(shape: Shape, opts?: RandomOptions): Tensor {
  const s = checkShape('rand', shape);
  const u = uniformDoubles(resolveKey(opts), sizeOf(s));
  // float32 rounding could turn values just below 1 into 1: clamp to keep [0, 1)
  if ((opts?.dtype ?? 'float32') === 'float32')
    for (let i = 0; i < u.length; i++) u[i] = Math.min(u[i]!, 0.99999994);
  return floatTensor('rand', u, s, opts);
}

/** Standard normal samples. */
export function randn(shape: Shape, opts?: RandomOptions): Tensor {
  const s = checkShape('randn', shape);
  return floatTensor('randn', normalDoubles(resolveKey(opts), sizeOf(s)), s, opts);
}

/** Normal(mean, std) truncated to the absolute interval [a, b] by resampling, like timm's trunc_normal_. */
export function truncatedNormal(
  shape: Shape,
  opts: RandomOptions & { mean?: number; std?: number; a?: number; b?: number } = {},
): Tensor {
  const s = checkShape('truncatedNormal', shape);
  const { mean = 0, std = 1, a = -2, b = 2 } = opts;
  if (!(a < b) || b < mean - 6 * std || a > mean + 6 * std) {
    throw new ValueError(`truncatedNormal: bounds [${a}, ${b}] must satisfy a < b and overlap mean +- 6 std`);
  }
  const n = sizeOf(s);
  const out = new Float64Array(n);
  let k = resolveKey(opts);
  let filled = 0;
  while (filled < n) {
    const [next, sub] = splitKey(k);
    k = next!;
    const z = normalDoubles(sub!, Math.max(16, 2 * (n - filled)));
    for (let i = 0; i < z.length && filled < n; i++) {
      const v = mean + std * z[i]!;
      if (v >= a && v <= b) out[filled++] = v;
    }
  }
  return floatTensor('truncatedNormal', out, s, opts);
}

/** Uniform integers in [low, high). */
export function randint(low: number, high: number, shape: Shape, opts?: RandomOptions): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ValueError(`randint: need integers low < high, got [${low}, ${high})`);
  }
  const s = checkShape('randint', shape);
  const bits = randomBits(resolveKey(opts), sizeOf(s));
  const data = new Int32Array(bits.length);
  const range = high - low;
  for (let i = 0; i < bits.length; i++) data[i] = low + Math.floor((bits[i]! / TWO32) * range);
  return fromTyped(data, s, 'int32', opts?.backend ?? getBackend());
}
