import { DTypeError, fmtShape, ShapeError } from '../errors.js';
import { normAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { arange } from './creation.js';
import { cast, eq } from './elementwise.js';
import { gatherP } from './prim.js';
import { broadcastTo, expandDims, reshape } from './views.js';

function expectInt(op: string, t: Tensor): void {
  if (t.dtype !== 'int32') throw new DTypeError(`${op}: indices must be int32, got ${t.dtype}`);
}

/**
 * torch.gather: out[i][j][k] = x[i][index[i][j][k]][k] for axis 1. `index` has
 * x's rank and is no larger than x outside `axis`; the output takes its shape.
 */
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  expectInt('gather', index);
  const a = normAxis('gather', axis, x.ndim);
  if (index.ndim !== x.ndim || index.shape.some((d, i) => i !== a && d > x.shape[i]!)) {
    throw new ShapeError(
      `gather: index ${fmtShape(index.shape)} must have the rank of x ${fmtShape(x.shape)} and fit inside it outside axis ${axis}`,
    );
  }
  return gatherP(x, index, a);
}

/** torch.index_select / numpy take along an axis with 1-D int32 indices. */
export function indexSelect(x: Tensor, axis: number, indices: Tensor): Tensor {
  expectInt('indexSelect', indices);
  if (indices.ndim !== 1)
    throw new ShapeError(`indexSelect: indices must be 1-D, got ${fmtShape(indices.shape)}`);
  const a = normAxis('indexSelect', axis, x.ndim);
  const outShape = x.shape.map((d, i) => (i === a ? indices.shape[0]! : d));
  const idxShape = x.shape.map((_, i) => (i === a ? indices.shape[0]! : 1));
  const index = broadcastTo(reshape(indices, idxShape), outShape);
  return gatherP(x, index, a);
}

/** One-hot float32 encoding with the class dim appended last. */
export function oneHot(indices: Tensor, numClasses: number): Tensor {
  expectInt('oneHot', indices);
  const classes = arange(0, numClasses, 1, { dtype: 'int32', backend: indices.backend });
  return cast(eq(expandDims(indices, -1), classes), 'float32');
}
