// the CPU backend's rule, shared (fewer integer divisions per element on the GPU too)
export { coalesce } from '@isotropic/tensor';

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
