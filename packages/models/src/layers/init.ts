import type { InitOptions } from '@isotropic/nn';
import { contiguous, full, rand, type Shape, scope, type Tensor } from '@isotropic/tensor';

/** A dense tensor of one value (a parameter owns its storage, not a broadcast view of one element). */
export function constantInit(shape: Shape, value: number, options: InitOptions = {}): Tensor {
  return scope(() =>
    contiguous(full(shape, value, { dtype: options.dtype ?? 'float32', backend: options.backend })),
  );
}

/** Uniform(-bound, bound): PyTorch's default Conv2d / Linear init has bound 1 / sqrt(fan_in). */
export function uniformInit(shape: Shape, bound: number, options: InitOptions = {}): Tensor {
  return scope(() =>
    rand(shape, { key: options.key, dtype: options.dtype ?? 'float32', backend: options.backend })
      .mul(2 * bound)
      .sub(bound),
  );
}
