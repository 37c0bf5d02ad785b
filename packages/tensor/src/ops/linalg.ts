import { isFloat, promoteTypes } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { cast } from './elementwise.js';
import { matmulP } from './prim.js';
import { expandDims, reshape } from './views.js';

/**
 * numpy matmul: 2-D products, batched products with broadcast batch dims, and
 * 1-D operands promoted (a vector on the left is a row, on the right a column)
 * and squeezed out of the result.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(
      `matmul: operands must have rank >= 1, got ${fmtShape(a.shape)} @ ${fmtShape(b.shape)}`,
    );
  }
  const dtype = promoteTypes(a.dtype, b.dtype);
  if (!isFloat(dtype)) throw new DTypeError(`matmul: expected float operands, got ${a.dtype} @ ${b.dtype}`);
  const aa = cast(a.ndim === 1 ? expandDims(a, 0) : a, dtype);
  const bb = cast(b.ndim === 1 ? expandDims(b, 1) : b, dtype);
  const k1 = aa.shape[aa.ndim - 1]!;
  const k2 = bb.shape[bb.ndim - 2]!;
  if (k1 !== k2) {
    throw new ShapeError(`matmul: inner dimensions differ: ${fmtShape(a.shape)} @ ${fmtShape(b.shape)}`);
  }
  const batch = broadcastShapes('matmul', aa.shape.slice(0, -2), bb.shape.slice(0, -2));
  let out = matmulP(aa, bb, batch);
  if (a.ndim === 1) out = reshape(out, [...out.shape.slice(0, -2), out.shape[out.ndim - 1]!]);
  if (b.ndim === 1) out = reshape(out, out.shape.slice(0, -1));
  return out;
}
