import {
  add,
  div,
  minimum,
  mul,
  noGrad,
  scope,
  sqrt,
  sum,
  type Tensor,
  tensor,
  ValueError,
} from '@isotropic/tensor';
import type { Parameter } from '../parameter.js';

/**
 * Scales all gradients together so that their global L2 norm is at most
 * `maxNorm` (torch.nn.utils.clip_grad_norm_) and returns the norm before
 * clipping as a scalar tensor. Everything stays on the device: no read-back.
 */
export function clipGradNorm(params: Iterable<Parameter>, maxNorm: number): Tensor {
  if (!(maxNorm > 0)) throw new ValueError(`clipGradNorm: maxNorm must be positive, got ${maxNorm}`);
  const withGrad = [...params].filter((p) => p.grad);
  if (withGrad.length === 0) return tensor(0);
  return noGrad(() => {
    const total = scope(() =>
      sqrt(withGrad.map((p) => sum(mul(p.grad!, p.grad!))).reduce((a, b) => add(a, b))),
    );
    scope(() => {
      const coefficient = minimum(div(maxNorm, add(total, 1e-6)), 1);
      for (const p of withGrad) p.grad = mul(p.grad!, coefficient);
    });
    return total;
  });
}
