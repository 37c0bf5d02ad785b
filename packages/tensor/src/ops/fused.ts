import { isFloat } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError } from '../errors.js';
import type { CustomVjp } from '../primitive.js';
import { fromHandle, type Tensor } from '../tensor.js';
import { cos, div, mul, sin, sub } from './elementwise.js';
import { contiguousOperand, customP } from './prim.js';
import { mean, sum } from './reduce.js';
import { stack } from './shape-ops.js';
import { reshape, slice } from './views.js';

function checkEcf(z: Tensor, t: Tensor): void {
  if (z.ndim !== 2)
    throw new ShapeError(`ecf: expected projections z of shape [N, M], got ${fmtShape(z.shape)}`);
  if (t.ndim !== 1) throw new ShapeError(`ecf: expected points t of shape [K], got ${fmtShape(t.shape)}`);
  if (!isFloat(z.dtype) || t.dtype !== z.dtype) {
    throw new DTypeError(`ecf: z and t must share a float dtype, got ${z.dtype} and ${t.dtype}`);
  }
}

/** t_k * z as [K, N, M] (the composed path materialises this; the fused kernels never do). */
function angles(z: Tensor, t: Tensor): Tensor {
  return mul(reshape(t, [t.shape[0]!, 1, 1]), reshape(z, [1, ...z.shape]));
}

const ecfVjp: CustomVjp = (g, [z, t]) => [ecfBackward(z!, t!, g), null];

/**
 * Empirical characteristic function of each column of z [N, M] at points t [K]:
 * [2, K, M] holding mean_n cos(t_k z) then mean_n sin(t_k z). One fused kernel
 * where the backend has it (no [K, N, M] intermediate), composed ops otherwise.
 * Differentiable in z.
 */
export function ecf(z: Tensor, t: Tensor): Tensor {
  checkEcf(z, t);
  const b = z.backend;
  let out: Tensor;
  if (b.ecf) {
    const zc = contiguousOperand('ecf', z);
    const tc = contiguousOperand('ecf', t);
    try {
      out = fromHandle(b, b.ecf(zc.operand, tc.operand), [2, t.shape[0]!, z.shape[1]!], z.dtype);
    } finally {
      zc.release();
      tc.release();
    }
  } else {
    const a = angles(z.detach(), t.detach());
    out = stack([mean(cos(a), 1), mean(sin(a), 1)], 0);
  }
  return customP(out, 'ecf', ecfVjp, [z, t]);
}

/** Gradient of `ecf` w.r.t. z for the cotangent g [2, K, M]. */
export function ecfBackward(z: Tensor, t: Tensor, g: Tensor): Tensor {
  checkEcf(z, t);
  const K = t.shape[0]!;
  const [N, M] = z.shape as [number, number];
  if (g.ndim !== 3 || g.shape[0] !== 2 || g.shape[1] !== K || g.shape[2] !== M) {
    throw new ShapeError(`ecfBackward: expected cotangent [2, ${K}, ${M}], got ${fmtShape(g.shape)}`);
  }
  const b = z.backend;
  if (b.ecfBackward) {
    const ops = [z, t, g].map((x) => contiguousOperand('ecfBackward', x));
    try {
      return fromHandle(b, b.ecfBackward(ops[0]!.operand, ops[1]!.operand, ops[2]!.operand), [N, M], z.dtype);
    } finally {
      for (const o of ops) o.release();
    }
  }
  const a = angles(z, t);
  const tk = reshape(t, [K, 1, 1]);
  const gc = reshape(slice(g, [0]), [K, 1, M]);
  const gs = reshape(slice(g, [1]), [K, 1, M]);
  const terms = mul(tk, sub(mul(cos(a), gs), mul(sin(a), gc)));
  return div(sum(terms, 0), N);
}
