import { prim } from '@isotropic/tensor';
import type { Cotangents, VjpContext } from './types.js';

/** pad adds a border: the input's cotangent is the interior of the output's. */
export function padVjp({ primitive: { widths }, inputs: [x], g }: VjpContext<'pad'>): Cotangents {
  const input = x!;
  return [
    prim.sliceP(
      g,
      widths.map((w) => w[0]),
      input.shape.map(() => 1),
      input.shape,
    ),
  ];
}

/** concat stacks blocks along an axis: each input's cotangent is its block of the output's. */
export function concatVjp({ primitive: { axis }, inputs, g, needs }: VjpContext<'concat'>): Cotangents {
  let offset = 0;
  return inputs.map((x, i) => {
    const start = offset;
    offset += x.shape[axis]!;
    if (!needs[i]) return undefined;
    return prim.sliceP(
      g,
      x.shape.map((_, d) => (d === axis ? start : 0)),
      x.shape.map(() => 1),
      x.shape,
    );
  });
}
