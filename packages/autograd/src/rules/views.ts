import { pad, prim, reshape, type Shape, slice, type Tensor, zeros } from '@isotropic/tensor';
import { sumToShape } from './sum-to-shape.js';
import type { Cotangents, VjpContext } from './types.js';

/** Views move no data, so their adjoints only move the cotangent back into the input's layout. */

export function reshapeVjp({ inputs: [x], g }: VjpContext<'reshape'>): Cotangents {
  return [reshape(g, x!.shape)];
}

export function permuteVjp({ primitive: { perm }, g }: VjpContext<'permute'>): Cotangents {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inverse[p] = i;
  });
  return [prim.permuteP(g, inverse)];
}

/** expand repeats elements (stride 0): the adjoint sums the repeats. */
export function expandVjp({ inputs: [x], g }: VjpContext<'expand'>): Cotangents {
  return [sumToShape(g, x!.shape)];
}

export function sliceVjp({ primitive: { starts, steps }, inputs: [x], g }: VjpContext<'slice'>): Cotangents {
  return [unslice(g, x!.shape, starts, steps)];
}

/**
 * The adjoint of a strided slice: the cotangent scattered into zeros of the
 * input's shape. Per dim: spread the elements `step` apart (insert a size-1 dim,
 * pad it to `step`, merge it back), trim what ran past the end, then pad to place
 * the block at `start`. Pad and slice are each other's adjoints, so this is
 * differentiable again.
 */
function unslice(g: Tensor, inputShape: Shape, starts: readonly number[], steps: readonly number[]): Tensor {
  if (g.size === 0) return zeros(inputShape, { dtype: g.dtype, backend: g.backend });
  let t = g;
  for (let d = 0; d < inputShape.length; d++) {
    const n = inputShape[d]!;
    const len = t.shape[d]!;
    if (len === n) continue;
    const start = starts[d]!;
    const step = steps[d]!;
    let span = len;
    if (step > 1 && len > 1) {
      const split = [...t.shape.slice(0, d + 1), 1, ...t.shape.slice(d + 1)];
      const widths = split.map((_, i): [number, number] => (i === d + 1 ? [0, step - 1] : [0, 0]));
      span = len * step;
      t = reshape(
        pad(reshape(t, split), widths),
        t.shape.map((s, i) => (i === d ? span : s)),
      );
    }
    const kept = Math.min(span, n - start);
    if (kept < span)
      t = slice(
        t,
        t.shape.map((_, i) => (i === d ? [0, kept] : null)),
      );
    t = pad(
      t,
      t.shape.map((_, i): [number, number] => (i === d ? [start, n - start - kept] : [0, 0])),
    );
  }
  return t;
}
