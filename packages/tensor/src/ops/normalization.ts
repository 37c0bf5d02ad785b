import { fmtShape, ShapeError } from '../errors.js';
import { normAxis, type Shape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, div, exp, mul, rsqrt, sub } from './elementwise.js';
import { logsumexp, max, mean, sum } from './reduce.js';

/** softmax along `axis`, shifted by the max for stability. */
export function softmax(x: Tensor, axis = -1): Tensor {
  const a = normAxis('softmax', axis, x.ndim);
  const e = exp(sub(x, max(x, a, true).detach()));
  return div(e, sum(e, a, true));
}

export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const a = normAxis('logSoftmax', axis, x.ndim);
  return sub(x, logsumexp(x, a, true));
}

/**
 * Layer normalisation over the trailing dims named by `normalizedShape`
 * (PyTorch's F.layer_norm: biased variance, eps inside the square root).
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: Shape,
  weight?: Tensor | null,
  bias?: Tensor | null,
  eps = 1e-5,
): Tensor {
  const k = normalizedShape.length;
  if (k === 0 || k > x.ndim || !shapesEqual(x.shape.slice(x.ndim - k), normalizedShape)) {
    throw new ShapeError(
      `layerNorm: normalizedShape ${fmtShape(normalizedShape)} does not match the trailing dims of ${fmtShape(x.shape)}`,
    );
  }
  for (const [name, p] of [
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (p && !shapesEqual(p.shape, normalizedShape)) {
      throw new ShapeError(
        `layerNorm: ${name} has shape ${fmtShape(p.shape)}, expected ${fmtShape(normalizedShape)}`,
      );
    }
  }
  const axes = Array.from({ length: k }, (_, i) => x.ndim - k + i);
  const mu = mean(x, axes, true);
  const d = sub(x, mu);
  const v = mean(mul(d, d), axes, true);
  let y = mul(d, rsqrt(add(v, eps)));
  if (weight) y = mul(y, weight);
  if (bias) y = add(y, bias);
  return y;
}
