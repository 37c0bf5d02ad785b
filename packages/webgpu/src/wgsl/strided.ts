import type { Shape } from '@isotropic/tensor';
import { pu } from './params.js';

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

/**
 * WGSL that splits the linear index `i` into coordinates c0..c{r-1} over dims
 * read from params[first..first+r).
 */
export function coordsCode(rank: number, firstDimParam: number, index = 'i'): string {
  if (rank === 0) return '';
  if (rank === 1) return `let c0 = ${index};`;
  const lines = [`var rem = ${index};`];
  for (let d = rank - 1; d >= 1; d--) {
    lines.push(`let c${d} = rem % ${pu(firstDimParam + d)};`, `rem = rem / ${pu(firstDimParam + d)};`);
  }
  lines.push('let c0 = rem;');
  return lines.join('\n  ');
}

/** WGSL offset of an operand whose offset and strides are params[first], params[first+1..]. */
export function offsetCode(mode: AccessMode, rank: number, firstParam: number, index = 'i'): string {
  if (mode === 'scalar') return pu(firstParam);
  if (mode === 'contiguous') return `${pu(firstParam)} + ${index}`;
  const terms = [pu(firstParam)];
  for (let d = 0; d < rank; d++) terms.push(`c${d} * ${pu(firstParam + 1 + d)}`);
  return terms.join(' + ');
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
