import { broadcastTo, cast, div, eq, mul, reshape, sum } from '@isotropic/tensor';
import type { Cotangents, VjpContext } from './types.js';

/**
 * Reductions drop their axes. The cotangent is put back with size-1 dims there
 * and broadcast over the reduced elements. max/min split the gradient evenly
 * among tied extremes (as torch.amax and jnp.max do); argmax/argmin give
 * integers: no gradient.
 */
export function reduceVjp({ primitive, inputs: [x], output: y, g }: VjpContext<'reduce'>): Cotangents {
  const input = x!;
  const { op, axes } = primitive;
  const keptShape = input.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  switch (op) {
    case 'sum':
      return [broadcastTo(reshape(g, keptShape), input.shape)];
    case 'max':
    case 'min': {
      const isExtreme = cast(eq(input, reshape(y, keptShape)), input.dtype);
      const count = sum(isExtreme, axes, true);
      return [mul(div(isExtreme, count), reshape(g, keptShape))];
    }
    case 'argmax':
    case 'argmin':
      return [undefined];
  }
}
