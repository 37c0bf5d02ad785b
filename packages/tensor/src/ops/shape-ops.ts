import { promoteTypes } from '../dtype.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { normAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { cast } from './elementwise.js';
import { concatP, padP } from './prim.js';
import { expandDims, slice } from './views.js';

/** Joins tensors along an existing axis; all other dims must agree. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new ValueError('concat: needs at least one tensor');
  const first = xs[0]!;
  const a = normAxis('concat', axis, first.ndim);
  for (const x of xs) {
    if (x.ndim !== first.ndim || x.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError(
        `concat: shapes ${xs.map((t) => fmtShape(t.shape)).join(', ')} differ outside axis ${axis}`,
      );
    }
  }
  const dtype = xs.map((x) => x.dtype).reduce(promoteTypes);
  return concatP(
    xs.map((x) => cast(x, dtype)),
    a,
  );
}

/** Joins same-shaped tensors along a new axis. */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new ValueError('stack: needs at least one tensor');
  const a = normAxis('stack', axis, xs[0]!.ndim + 1);
  for (const x of xs) {
    if (x.ndim !== xs[0]!.ndim || x.shape.some((d, i) => d !== xs[0]!.shape[i])) {
      throw new ShapeError(`stack: shapes ${xs.map((t) => fmtShape(t.shape)).join(', ')} must all be equal`);
    }
  }
  return concat(
    xs.map((x) => expandDims(x, a)),
    a,
  );
}

/**
 * torch.split: a number is the chunk size (the last chunk may be smaller);
 * a list gives each piece's size and must sum to the axis length.
 */
export function split(x: Tensor, sizeOrSections: number | readonly number[], axis = 0): Tensor[] {
  const a = normAxis('split', axis, x.ndim);
  const n = x.shape[a]!;
  let sizes: number[];
  if (typeof sizeOrSections === 'number') {
    if (!Number.isInteger(sizeOrSections) || sizeOrSections <= 0) {
      throw new ValueError(`split: chunk size must be a positive integer, got ${sizeOrSections}`);
    }
    sizes = [];
    for (let s = 0; s < n; s += sizeOrSections) sizes.push(Math.min(sizeOrSections, n - s));
    if (n === 0) sizes.push(0);
  } else {
    sizes = [...sizeOrSections];
    const total = sizes.reduce((p, s) => p + s, 0);
    if (total !== n || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new ShapeError(
        `split: sizes ${JSON.stringify(sizes)} must be non-negative and sum to ${n} (axis ${axis} of ${fmtShape(x.shape)})`,
      );
    }
  }
  let start = 0;
  return sizes.map((s) => {
    const spec = x.shape.map((_, i) => (i === a ? ([start, start + s] as const) : null));
    start += s;
    return slice(x, spec);
  });
}

/** Constant padding, numpy style: `widths[i] = [before, after]` for each dim. */
export function pad(x: Tensor, widths: readonly (readonly [number, number])[], value = 0): Tensor {
  if (widths.length !== x.ndim) {
    throw new ShapeError(
      `pad: ${widths.length} pad widths for a tensor of rank ${x.ndim} ${fmtShape(x.shape)}`,
    );
  }
  for (const w of widths) {
    if (w.length !== 2 || !w.every((v) => Number.isInteger(v) && v >= 0)) {
      throw new ValueError(
        `pad: widths must be [before, after] pairs of non-negative integers, got ${JSON.stringify(widths)}`,
      );
    }
  }
  return padP(
    x,
    widths.map((w) => [w[0], w[1]] as const),
    value,
  );
}
