import { type Backend, type Tensor, tensor } from '@isotropic/tensor';

/**
 * Scalars that change every step (the learning rate under a schedule, bias
 * corrections) are uploaded once per step and released with the step's scope.
 * Used as plain JS numbers instead, each new value would land in the tensor
 * layer's constant cache and memory would grow step after step.
 */
export class StepScalars {
  readonly #cache = new Map<Backend, Map<string, Tensor>>();

  /** `value` as a rank-0 tensor with the dtype and backend of `like`. */
  of(value: number, like: Tensor): Tensor {
    let perBackend = this.#cache.get(like.backend);
    if (!perBackend) {
      perBackend = new Map();
      this.#cache.set(like.backend, perBackend);
    }
    const key = `${like.dtype}:${value}`;
    let t = perBackend.get(key);
    if (!t) {
      t = tensor(value, [], { dtype: like.dtype, backend: like.backend });
      perBackend.set(key, t);
    }
    return t;
  }
}
