import { type Tensor, noGrad as tensorNoGrad } from '@isotropic/tensor';
import { installBackward } from './install.js';

/** Runs `fn` without recording the graph (torch.no_grad); the tensor layer's noGrad. */
export function noGrad<T>(fn: () => T): T {
  installBackward();
  return tensorNoGrad(fn);
}

/** A handle on the same data, cut from the graph: gradients stop here (jax.lax.stop_gradient). */
export function detach(t: Tensor): Tensor {
  return t.detach();
}
