import type { Operand } from '@isotropic/tensor';
import type { GpuRuntime } from '../runtime/gpu-runtime.js';
import { asHandle } from '../runtime/gpu-storage.js';
import { contiguousStridesOf } from '../wgsl/strided.js';
import { unaryKernel } from './elementwise.js';

/**
 * A computed, row-major copy of `x`, for the rare view a kernel cannot address
 * (more non-mergeable dims than it takes). The caller releases the copy.
 */
export function contiguousCopy(rt: GpuRuntime, x: Operand): Operand {
  const copy = unaryKernel(rt, 'copy', x);
  rt.materialize(copy);
  const shape = x.view.shape;
  return {
    storage: asHandle(copy),
    dtype: x.dtype,
    view: { shape, strides: contiguousStridesOf(shape), offset: 0 },
  };
}
