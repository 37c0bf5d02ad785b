import { installBackward } from '@isotropic/autograd';
import { fmtShape, ShapeError, type Tensor } from '@isotropic/tensor';

/**
 * A named, replaceable slot for a tensor that lives as long as its module:
 * buffers (e.g. BatchNorm's running statistics) and, as `Parameter`, weights.
 *
 * Tensors are immutable, so updating a weight means computing a new tensor and
 * `assign()`-ing it. Ownership: the slot owns its value. The value is never owned
 * by a scope (it is kept), `assign` takes ownership of the new tensor and
 * disposes the old one, and `dispose()` releases the value.
 */
export class Variable {
  #value: Tensor;

  constructor(value: Tensor) {
    installBackward();
    this.#value = Variable.own(value, false);
  }

  /** A value the slot can own: kept out of scopes and cut from any graph. */
  private static own(t: Tensor, requiresGrad: boolean): Tensor {
    const leaf = t._node ? t.detach() : t;
    leaf.keep();
    leaf.requiresGrad = requiresGrad;
    return leaf;
  }

  get value(): Tensor {
    return this.#value;
  }

  get shape(): readonly number[] {
    return this.#value.shape;
  }

  get dtype(): Tensor['dtype'] {
    return this.#value.dtype;
  }

  /**
   * Replaces the value with `next` (same shape and dtype), disposing the old one.
   * Takes ownership of `next`: do not dispose it afterwards (pass `t.detach()`, a
   * new handle on the same data, to keep using your own). `.grad` carries over.
   */
  assign(next: Tensor): void {
    const current = this.#value;
    if (next === current) return;
    if (
      next.dtype !== current.dtype ||
      next.ndim !== current.ndim ||
      next.shape.some((d, i) => d !== current.shape[i])
    ) {
      throw new ShapeError(
        `${this.constructor.name}.assign: new value is ${next.dtype} ${fmtShape(next.shape)}, ` +
          `expected ${current.dtype} ${fmtShape(current.shape)}`,
      );
    }
    const value = Variable.own(next, current.requiresGrad);
    value.grad = current.grad;
    current.grad = undefined;
    current.dispose();
    this.#value = value;
  }

  /** Releases the value (and its gradient). The slot is unusable afterwards. */
  dispose(): void {
    this.#value.grad?.dispose();
    this.#value.grad = undefined;
    this.#value.dispose();
  }
}

/**
 * A trainable weight: a Variable whose value requires grad. `loss.backward()`
 * accumulates into `.grad`; optimisers read it and `assign()` the updated value.
 */
export class Parameter extends Variable {
  constructor(value: Tensor, options: { readonly requiresGrad?: boolean } = {}) {
    super(value);
    this.value.requiresGrad = options.requiresGrad ?? true;
  }

  get requiresGrad(): boolean {
    return this.value.requiresGrad;
  }

  /** Freezes (false) or unfreezes the parameter. */
  set requiresGrad(on: boolean) {
    this.value.requiresGrad = on;
  }

  /** The accumulated gradient, kept beyond scopes until replaced or zeroed. */
  get grad(): Tensor | undefined {
    return this.value.grad;
  }

  /** Replaces the gradient (kept beyond scopes); the previous one is disposed. */
  set grad(g: Tensor | undefined) {
    const v = this.value;
    if (v.grad === g) return;
    v.grad?.dispose();
    v.grad = g?.keep();
  }

  /** Disposes the gradient (PyTorch's zero_grad with set_to_none). */
  zeroGrad(): void {
    this.grad = undefined;
  }
}
