/**
 * Element types. `float32` is the default everywhere; `float64` exists so that
 * gradient checks on the CPU backend can use finite differences without f32 noise.
 * `bool` is stored as one byte per element on the CPU (Uint8Array).
 */
export type DType = 'float32' | 'int32' | 'bool' | 'float64';

export const DTYPES: readonly DType[] = ['float32', 'int32', 'bool', 'float64'];

export type TypedArray = Float32Array | Int32Array | Uint8Array | Float64Array;

/** The typed array a dtype is stored in on the host. */
export type TypedArrayFor<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'int32'
    ? Int32Array
    : D extends 'bool'
      ? Uint8Array
      : Float64Array;

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export function bytesPerElement(dtype: DType): number {
  switch (dtype) {
    case 'float64':
      return 8;
    case 'bool':
      return 1;
    default:
      return 4;
  }
}

export function allocTyped(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
    case 'float64':
      return new Float64Array(size);
  }
}

export function dtypeOfTyped(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint8Array) return 'bool';
  return 'float64';
}

/**
 * Result dtype of a binary arithmetic op, numpy-like but kept small:
 * bool < int32 < float32 < float64.
 */
export function promoteTypes(a: DType, b: DType): DType {
  const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };
  return rank[a] >= rank[b] ? a : b;
}
