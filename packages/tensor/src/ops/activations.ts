import { DTypeError } from '../errors.js';
import type { CustomVjp } from '../primitive.js';
import type { Tensor } from '../tensor.js';
import { add, cast, erf, exp, log, maximum, mul, sign, tanh } from './elementwise.js';
import { customP } from './prim.js';

// relu's share of the gradient: (sign(x) + 1) / 2, i.e. 1, 1/2 at exactly 0, and 0, the same
// values as `maximum(x, 0)`'s tie rule, computed without bool masks
const reluVjp: CustomVjp = (g, [x]) => [mul(g, mul(add(sign(x!), 1), 0.5))];

/**
 * max(x, 0). Its gradient is `maximum`'s: 1 where x > 0, 0 where x < 0, and 1/2 at exactly
 * 0 (`maximum`'s tie rule; PyTorch and JAX use 0 there); at NaN it is 1/2 too (sign(NaN) = 0),
 * where `maximum` gives 0. Its own VJP is four float passes over the activations, where
 * differentiating `maximum` took two comparisons, two casts and three arithmetic passes: a
 * tenth of a CPU training step.
 */
export const relu = (x: Tensor): Tensor => customP(maximum(x.detach(), 0), 'relu', reluVjp, [x]);

/** Written through tanh so that neither the value nor its gradient overflows. */
export function sigmoid(x: Tensor): Tensor {
  const f = x.dtype === 'float64' ? x : cast(x, 'float32');
  return mul(add(tanh(mul(f, 0.5)), 1), 0.5);
}

export const silu = (x: Tensor): Tensor => mul(x, sigmoid(x));

/** log(1 + e^x), stable for large |x|: max(x,0) + log(1 + e^-|x|). */
export function softplus(x: Tensor): Tensor {
  const m = maximum(x, 0);
  return add(m, log(add(exp(mul(maximum(x, mul(x, -1)), -1)), 1)));
}

export type GeluApproximation = 'none' | 'tanh';

/** GELU: exact `0.5x(1+erf(x/sqrt2))` by default, or PyTorch's tanh approximation. */
export function gelu(x: Tensor, approximate: GeluApproximation = 'none'): Tensor {
  if (approximate === 'none') return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
  if (approximate !== 'tanh')
    throw new DTypeError(`gelu: approximate must be 'none' or 'tanh', got '${approximate}'`);
  const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(mul(x, 0.5), add(tanh(inner), 1));
}
