import type { Shape } from '@isotropic/tensor';

/**
 * Merges adjacent dims that are contiguous with each other in every operand and
 * drops size-1 dims, so that most strided iterations become rank 1 or 2
 * (fewer integer divisions per element on the GPU). Same rule as the CPU
 * backend's loops.
 */
export function coalesce(shape: Shape, stridesList: readonly (readonly number[])[]): [number[], number[][]] {
  const dims: number[] = [];
  const strides: number[][] = stridesList.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && stridesList.every((s, k) => strides[k]![last] === s[i]! * d)) {
      dims[last] = dims[last]! * d;
      stridesList.forEach((s, k) => {
        strides[k]![last] = s[i]!;
      });
    } else {
      dims.push(d);
      stridesList.forEach((s, k) => {
        strides[k]!.push(s[i]!);
      });
    }
  }
  return [dims, strides];
}

/** How a kernel addresses one operand of an elementwise iteration. */
export type AccessMode = 'contiguous' | 'scalar' | 'strided';

export function accessMode(dims: readonly number[], strides: readonly number[]): AccessMode {
  if (strides.every((s) => s === 0)) return 'scalar';
  let expect = 1;
  for (let d = dims.length - 1; d >= 0; d--) {
    if (strides[d] !== expect) return 'strided';
    expect *= dims[d]!;
  }
  return 'contiguous';
}

/** Row-major strides of a contiguous layout. */
export function contiguousStridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}
