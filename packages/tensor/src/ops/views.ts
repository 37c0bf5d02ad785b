import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { broadcastShapes, normAxis, type Shape, shapesEqual, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expandP, permuteP, reshapeP, sliceP, unaryP } from './prim.js';

/** New shape, one dim may be -1. Copies only when the strides cannot express it. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const neg = shape.filter((d) => d === -1).length;
  if (neg > 1) throw new ShapeError(`reshape: at most one -1 allowed, got ${fmtShape(shape)}`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < -1)
      throw new ShapeError(`reshape: invalid target shape ${fmtShape(shape)}`);
  }
  let target = [...shape];
  if (neg === 1) {
    const known = sizeOf(shape.filter((d) => d !== -1));
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(
        `reshape: cannot reshape ${fmtShape(x.shape)} (size ${x.size}) into ${fmtShape(shape)}`,
      );
    }
    target = shape.map((d) => (d === -1 ? x.size / known : d));
  }
  if (sizeOf(target) !== x.size) {
    throw new ShapeError(
      `reshape: cannot reshape ${fmtShape(x.shape)} (size ${x.size}) into ${fmtShape(shape)}`,
    );
  }
  return reshapeP(x, target);
}

export function flatten(x: Tensor, startAxis = 0, endAxis = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normAxis('flatten', startAxis, x.ndim);
  const e = normAxis('flatten', endAxis, x.ndim);
  if (s > e) throw new ShapeError(`flatten: startAxis ${startAxis} is after endAxis ${endAxis}`);
  return reshape(x, [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

export function permute(x: Tensor, perm: readonly number[]): Tensor {
  if (perm.length !== x.ndim) {
    throw new ShapeError(
      `permute: permutation ${JSON.stringify(perm)} has ${perm.length} axes, tensor has ${x.ndim}`,
    );
  }
  const p = perm.map((a) => normAxis('permute', a, x.ndim));
  if (new Set(p).size !== p.length)
    throw new ShapeError(`permute: ${JSON.stringify(perm)} is not a permutation`);
  return permuteP(x, p);
}

/** Reverses the axes, or applies `perm` (numpy's transpose). */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  return permute(x, perm ?? x.shape.map((_, i) => x.ndim - 1 - i));
}

/** Swaps two axes (PyTorch's transpose(dim0, dim1)). */
export function swapAxes(x: Tensor, a: number, b: number): Tensor {
  const perm = x.shape.map((_, i) => i);
  const i = normAxis('swapAxes', a, x.ndim);
  const j = normAxis('swapAxes', b, x.ndim);
  perm[i] = j;
  perm[j] = i;
  return permuteP(x, perm);
}

export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  const out = broadcastShapes('broadcastTo', x.shape, shape);
  if (!shapesEqual(out, shape)) {
    throw new ShapeError(`broadcastTo: cannot broadcast ${fmtShape(x.shape)} to ${fmtShape(shape)}`);
  }
  if (shapesEqual(x.shape, shape)) return reshapeP(x, shape);
  return expandP(x, shape);
}

/** A slice spec per leading dim: [start, stop, step] with null for defaults (Python semantics). */
export type SliceSpec = readonly [number | null, (number | null)?, (number | null)?] | number | null;

/**
 * Python-style slicing: `slice(x, [[1, null], [null, null, 2]])` is `x[1:, ::2]`.
 * A plain number selects one index and drops the dim. Steps must be positive.
 */
export function slice(x: Tensor, specs: readonly SliceSpec[]): Tensor {
  if (specs.length > x.ndim) {
    throw new ShapeError(
      `slice: ${specs.length} slice specs for a tensor of rank ${x.ndim} ${fmtShape(x.shape)}`,
    );
  }
  const starts: number[] = [];
  const steps: number[] = [];
  const shape: number[] = [];
  const dropped: number[] = [];
  x.shape.forEach((n, i) => {
    const sp = specs[i] ?? null;
    if (typeof sp === 'number') {
      const j = sp < 0 ? sp + n : sp;
      if (!Number.isInteger(sp) || j < 0 || j >= n) {
        throw new ShapeError(`slice: index ${sp} is out of range for dim ${i} of size ${n}`);
      }
      starts.push(j);
      steps.push(1);
      shape.push(1);
      dropped.push(i);
      return;
    }
    const [a, b, c] = sp ?? [null, null, null];
    const step = c ?? 1;
    if (!Number.isInteger(step) || step <= 0)
      throw new ValueError(`slice: step must be a positive integer, got ${step}`);
    const clamp = (v: number | null | undefined, dflt: number) => {
      if (v === null || v === undefined) return dflt;
      const w = v < 0 ? v + n : v;
      return Math.min(Math.max(w, 0), n);
    };
    const start = clamp(a, 0);
    const stop = clamp(b, n);
    const len = Math.max(0, Math.ceil((stop - start) / step));
    starts.push(len > 0 ? start : 0);
    steps.push(step);
    shape.push(len);
  });
  const s = sliceP(x, starts, steps, shape);
  if (dropped.length === 0) return s;
  const out = reshapeP(
    s,
    shape.filter((_, i) => !dropped.includes(i)),
  );
  return out;
}

/** Removes size-1 dims (all, or the given axis). */
export function squeeze(x: Tensor, axis?: number | readonly number[] | null): Tensor {
  let axes: number[];
  if (axis === undefined || axis === null) axes = x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  else {
    axes = (typeof axis === 'number' ? [axis] : [...axis]).map((a) => normAxis('squeeze', a, x.ndim));
    for (const a of axes) {
      if (x.shape[a] !== 1)
        throw new ShapeError(`squeeze: dim ${a} of ${fmtShape(x.shape)} has size ${x.shape[a]}, not 1`);
    }
  }
  return reshapeP(
    x,
    x.shape.filter((_, i) => !axes.includes(i)),
  );
}

/** Inserts a size-1 dim at `axis` (numpy's expand_dims, PyTorch's unsqueeze). */
export function expandDims(x: Tensor, axis: number): Tensor {
  const a = normAxis('expandDims', axis, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return reshapeP(x, shape);
}

/** A contiguous copy (or `x` itself, as a new handle, when already contiguous). */
export function contiguous(x: Tensor): Tensor {
  if (x.isContiguous) return reshapeP(x, x.shape);
  return unaryP('copy', x);
}
