import { type DType, DTypeError } from '@isotropic/tensor';

/** The dtypes a WebGPU storage can hold; every element takes 4 bytes. */
export type GpuDType = 'float32' | 'int32' | 'bool';

export type WgslScalar = 'f32' | 'i32' | 'u32';

export function isGpuDType(dtype: DType): dtype is GpuDType {
  return dtype === 'float32' || dtype === 'int32' || dtype === 'bool';
}

export function assertGpuDType(op: string, dtype: DType): GpuDType {
  if (!isGpuDType(dtype)) throw new DTypeError(`${op}: the webgpu backend does not support ${dtype}`);
  return dtype;
}

/** bool is stored as u32 0/1: WGSL has no 8-bit storage type. */
export function wgslType(dtype: GpuDType): WgslScalar {
  return dtype === 'float32' ? 'f32' : dtype === 'int32' ? 'i32' : 'u32';
}
