import { contiguousStrides, type Shape, sizeOf } from './shape.js';

/**
 * How a tensor's elements map into its storage: element at index (i0..ik) lives at
 * `offset + sum(i_j * strides[j])`. Reshape/permute/expand/slice change only this,
 * never the data (the ShapeTracker idea of tinygrad, kept to one strided view).
 * Strides are non-negative; broadcasting uses stride 0.
 */
export interface View {
  readonly shape: Shape;
  readonly strides: readonly number[];
  readonly offset: number;
}

export function contiguousView(shape: Shape): View {
  return { shape: [...shape], strides: contiguousStrides(shape), offset: 0 };
}

export function isContiguous(v: View): boolean {
  if (v.offset !== 0) return false;
  let s = 1;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    const d = v.shape[i]!;
    if (d !== 1 && v.strides[i] !== s) return false;
    s *= d;
  }
  return true;
}

export function viewSize(v: View): number {
  return sizeOf(v.shape);
}

/** Permutes the axes of a view. */
export function permuteView(v: View, perm: readonly number[]): View {
  return { shape: perm.map((p) => v.shape[p]!), strides: perm.map((p) => v.strides[p]!), offset: v.offset };
}

/**
 * Reshape without copying when the layout allows it; returns undefined when the
 * view must be materialised first (e.g. merging two permuted axes).
 * Works by matching groups of old axes to groups of new axes with equal products,
 * requiring each old group to be internally contiguous.
 */
export function reshapeView(v: View, shape: Shape): View | undefined {
  if (isContiguous(v)) return { shape: [...shape], strides: contiguousStrides(shape), offset: 0 };
  // drop size-1 dims from the old view: their strides are irrelevant
  const oldShape: number[] = [];
  const oldStrides: number[] = [];
  v.shape.forEach((d, i) => {
    if (d !== 1) {
      oldShape.push(d);
      oldStrides.push(v.strides[i]!);
    }
  });
  if (sizeOf(shape) === 0) return { shape: [...shape], strides: contiguousStrides(shape), offset: 0 };
  const newStrides = new Array<number>(shape.length).fill(0);
  let oi = 0;
  let ni = 0;
  while (ni < shape.length || oi < oldShape.length) {
    // size-1 new dims take any stride
    if (ni < shape.length && shape[ni] === 1) {
      newStrides[ni] = 0;
      ni++;
      continue;
    }
    if (oi >= oldShape.length || ni >= shape.length) return undefined;
    // grow groups until products match
    const oStart = oi;
    const nStart = ni;
    let op = oldShape[oi++]!;
    let np = shape[ni++]!;
    while (op !== np) {
      if (op < np) {
        if (oi >= oldShape.length) return undefined;
        op *= oldShape[oi++]!;
      } else {
        if (ni >= shape.length) return undefined;
        np *= shape[ni++]!;
      }
    }
    // the old group must be contiguous within itself
    for (let k = oStart; k < oi - 1; k++) {
      if (oldStrides[k] !== oldStrides[k + 1]! * oldShape[k + 1]!) return undefined;
    }
    // assign strides to the new group, innermost first
    let s = oldStrides[oi - 1]!;
    for (let k = ni - 1; k >= nStart; k--) {
      newStrides[k] = shape[k] === 1 ? 0 : s;
      s *= shape[k]!;
    }
  }
  return { shape: [...shape], strides: newStrides, offset: v.offset };
}
