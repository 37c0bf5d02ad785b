import { cast, isFloat, where } from '@isotropic/tensor';
import { sumToShape } from './sum-to-shape.js';
import type { Cotangents, VjpContext } from './types.js';

/** where(c, a, b): the cotangent goes to whichever branch was chosen; none to the condition. */
export function whereVjp({ inputs: [c, a, b], g, needs }: VjpContext<'where'>): Cotangents {
  return [
    undefined,
    needs[1] ? sumToShape(where(c!, g, 0), a!.shape) : undefined,
    needs[2] ? sumToShape(where(c!, 0, g), b!.shape) : undefined,
  ];
}

/** A float-to-float cast passes the gradient (cast back); a cast to int or bool stops it. */
export function castVjp({ inputs: [x], g }: VjpContext<'cast'>): Cotangents {
  if (!isFloat(x!.dtype) || !isFloat(g.dtype)) return [undefined];
  return [cast(g, x!.dtype)];
}
