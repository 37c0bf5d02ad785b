import type { Backend } from '../backend.js';
import { allocTyped, type DType, type TypedArray } from '../dtype.js';
import { getBackend } from '../engine.js';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors.js';
import { checkShape, type Shape, sizeOf } from '../shape.js';
import { Storage } from '../storage.js';
import { type NestedArray, Tensor } from '../tensor.js';
import { contiguousView } from '../view.js';
import { expandP } from './prim.js';

export interface CreateOptions {
  dtype?: DType;
  /** Defaults to the current backend (`getBackend()`). */
  backend?: Backend;
}

export type TensorData = number | boolean | NestedArray | TypedArray | ArrayLike<number>;

function resolveBackend(op: string, opts: CreateOptions | undefined, dtype: DType): Backend {
  const b = opts?.backend ?? getBackend();
  if (!b.supportsDType(dtype)) throw new DTypeError(`${op}: the ${b.name} backend does not support ${dtype}`);
  return b;
}

/** @internal Wraps host data (already of `dtype`'s array type and the right size) as a tensor. */
export function fromTyped(data: TypedArray, shape: Shape, dtype: DType, backend: Backend): Tensor {
  return new Tensor(
    new Storage(backend, backend.upload(data, dtype), dtype, sizeOf(shape)),
    contiguousView(shape),
    dtype,
  );
}

function inferShape(v: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = v;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0]!;
  }
  return shape;
}

function flatten(op: string, v: NestedArray, shape: Shape, out: number[], dim = 0): void {
  if (dim === shape.length) {
    if (Array.isArray(v))
      throw new ShapeError(`${op}: ragged nested array (expected a scalar at depth ${dim})`);
    out.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
    return;
  }
  if (!Array.isArray(v) || v.length !== shape[dim]) {
    throw new ShapeError(`${op}: ragged nested array: expected length ${shape[dim]} at depth ${dim}`);
  }
  for (const x of v) flatten(op, x, shape, out, dim + 1);
}

function firstLeaf(v: NestedArray): number | boolean | undefined {
  let cur: NestedArray = v;
  while (Array.isArray(cur)) {
    if (cur.length === 0) return undefined;
    cur = cur[0]!;
  }
  return cur;
}

/**
 * Creates a tensor from a number, nested arrays or a typed array.
 * Numbers default to float32, booleans to bool, Int32Array to int32.
 * `shape` reshapes flat data and must match its length.
 */
export function tensor(values: TensorData, shape?: Shape, opts?: CreateOptions): Tensor {
  let flat: ArrayLike<number>;
  let inferred: number[];
  let dtype = opts?.dtype;
  if (ArrayBuffer.isView(values)) {
    flat = values as ArrayLike<number>;
    inferred = [flat.length];
    dtype ??= values instanceof Int32Array ? 'int32' : 'float32';
  } else if (typeof values === 'number' || typeof values === 'boolean') {
    flat = [typeof values === 'boolean' ? (values ? 1 : 0) : values];
    inferred = [];
    dtype ??= typeof values === 'boolean' ? 'bool' : 'float32';
  } else if (Array.isArray(values)) {
    inferred = inferShape(values);
    const out: number[] = [];
    flatten('tensor', values, inferred, out);
    flat = out;
    dtype ??= typeof firstLeaf(values) === 'boolean' ? 'bool' : 'float32';
  } else {
    flat = Array.from(values as ArrayLike<number>);
    inferred = [flat.length];
    dtype ??= 'float32';
  }
  const finalShape = shape ? checkShape('tensor', shape) : inferred;
  if (sizeOf(finalShape) !== flat.length) {
    throw new ShapeError(`tensor: ${flat.length} values cannot have shape ${fmtShape(finalShape)}`);
  }
  const backend = resolveBackend('tensor', opts, dtype);
  const data = allocTyped(dtype, flat.length);
  if (dtype === 'bool') for (let i = 0; i < flat.length; i++) data[i] = flat[i] ? 1 : 0;
  else data.set(flat);
  return fromTyped(data, finalShape, dtype, backend);
}

/** A tensor of `shape` filled with `value` (one stored element, broadcast as a view). */
export function full(shape: Shape, value: number | boolean, opts?: CreateOptions): Tensor {
  const s = checkShape('full', shape);
  const dtype = opts?.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  const one = tensor(value, [], { ...opts, dtype });
  if (s.length === 0) return one;
  const out = expandP(one, s);
  one.dispose();
  return out;
}

export function zeros(shape: Shape, opts?: CreateOptions): Tensor {
  return full(shape, 0, opts);
}

export function ones(shape: Shape, opts?: CreateOptions): Tensor {
  return full(shape, 1, opts);
}

export function zerosLike(t: Tensor): Tensor {
  return full(t.shape, 0, { dtype: t.dtype, backend: t.backend });
}

export function onesLike(t: Tensor): Tensor {
  return full(t.shape, 1, { dtype: t.dtype, backend: t.backend });
}

/** Values from `start` to `stop` (exclusive) by `step`; `arange(n)` counts 0..n-1. */
export function arange(start: number, stop?: number, step = 1, opts?: CreateOptions): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step))
    throw new ValueError(`arange: step must be finite and non-zero, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const dtype = opts?.dtype ?? 'float32';
  const data = allocTyped(dtype, n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return fromTyped(data, [n], dtype, resolveBackend('arange', opts, dtype));
}

/** `num` evenly spaced values from `start` to `stop` inclusive. */
export function linspace(start: number, stop: number, num: number, opts?: CreateOptions): Tensor {
  if (!Number.isInteger(num) || num < 0)
    throw new ValueError(`linspace: num must be a non-negative integer, got ${num}`);
  const dtype = opts?.dtype ?? 'float32';
  const data = allocTyped(dtype, num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return fromTyped(data, [num], dtype, resolveBackend('linspace', opts, dtype));
}

/** Identity matrix `n x m` (m defaults to n). */
export function eye(n: number, m = n, opts?: CreateOptions): Tensor {
  checkShape('eye', [n, m]);
  const dtype = opts?.dtype ?? 'float32';
  const data = allocTyped(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return fromTyped(data, [n, m], dtype, resolveBackend('eye', opts, dtype));
}
