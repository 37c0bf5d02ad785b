import { isFloat } from '../dtype.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { normAxes, normAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, cast, div, exp, log, mul, sub } from './elementwise.js';
import { reduceP } from './prim.js';
import { reshape } from './views.js';

export type Axis = number | readonly number[] | null | undefined;

function keep(x: Tensor, reduced: Tensor, axes: readonly number[], keepdims: boolean): Tensor {
  if (!keepdims) return reduced;
  return reshape(
    reduced,
    x.shape.map((d, i) => (axes.includes(i) ? 1 : d)),
  );
}

/** Sum over `axis` (all axes when omitted). Bool sums count as int32. */
export function sum(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  const axes = normAxes('sum', axis, x.ndim);
  const src = x.dtype === 'bool' ? cast(x, 'int32') : x;
  return keep(x, reduceP('sum', src, axes), axes, keepdims);
}

export function mean(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  const axes = normAxes('mean', axis, x.ndim);
  const n = axes.reduce((p, a) => p * x.shape[a]!, 1);
  if (n === 0) throw new ShapeError(`mean: cannot average over an empty axis of ${fmtShape(x.shape)}`);
  const src = isFloat(x.dtype) ? x : cast(x, 'float32');
  return div(sum(src, axes, keepdims), n);
}

function extremum(op: 'max' | 'min', x: Tensor, axis: Axis, keepdims: boolean): Tensor {
  const axes = normAxes(op, axis, x.ndim);
  for (const a of axes) {
    if (x.shape[a] === 0)
      throw new ShapeError(`${op}: cannot reduce over the empty axis ${a} of ${fmtShape(x.shape)}`);
  }
  const src = x.dtype === 'bool' ? cast(x, 'int32') : x;
  return keep(x, reduceP(op, src, axes), axes, keepdims);
}

export const max = (x: Tensor, axis?: Axis, keepdims = false): Tensor => extremum('max', x, axis, keepdims);
export const min = (x: Tensor, axis?: Axis, keepdims = false): Tensor => extremum('min', x, axis, keepdims);

function argExtremum(
  op: 'argmax' | 'argmin',
  x: Tensor,
  axis: number | null | undefined,
  keepdims: boolean,
): Tensor {
  if (axis === null || axis === undefined) {
    if (x.size === 0) throw new ShapeError(`${op}: cannot take ${op} of an empty tensor`);
    const flat = reshape(x, [x.size]);
    const r = reduceP(op, flat, [0]);
    return keepdims
      ? reshape(
          r,
          x.shape.map(() => 1),
        )
      : r;
  }
  const a = normAxis(op, axis, x.ndim);
  if (x.shape[a] === 0)
    throw new ShapeError(`${op}: cannot reduce over the empty axis ${a} of ${fmtShape(x.shape)}`);
  return keep(x, reduceP(op, x, [a]), [a], keepdims);
}

/** Index of the first maximum (int32), over one axis or the flattened tensor. */
export const argmax = (x: Tensor, axis?: number | null, keepdims = false): Tensor =>
  argExtremum('argmax', x, axis, keepdims);
export const argmin = (x: Tensor, axis?: number | null, keepdims = false): Tensor =>
  argExtremum('argmin', x, axis, keepdims);

/** Variance with `correction` (0: population, 1: unbiased), as torch.var. */
export function variance(x: Tensor, axis?: Axis, keepdims = false, correction = 0): Tensor {
  const axes = normAxes('variance', axis, x.ndim);
  const n = axes.reduce((p, a) => p * x.shape[a]!, 1);
  if (n - correction <= 0) {
    throw new ValueError(
      `variance: ${n} elements with correction ${correction} leaves no degrees of freedom`,
    );
  }
  const m = mean(x, axes, true);
  const d = sub(x, m);
  return div(sum(mul(d, d), axes, keepdims), n - correction);
}

/** log(sum(exp(x))) computed stably by shifting by the (constant) max. */
export function logsumexp(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  const axes = normAxes('logsumexp', axis, x.ndim);
  const m = max(x, axes, true).detach();
  const s = log(sum(exp(sub(x, m)), axes, true));
  const r = add(s, m);
  return keepdims
    ? r
    : reshape(
        r,
        x.shape.filter((_, i) => !axes.includes(i)),
      );
}
