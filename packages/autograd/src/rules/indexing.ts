import { prim } from '@isotropic/tensor';
import type { Cotangents, VjpContext } from './types.js';

/** gather reads x at the indices: its adjoint adds the cotangent back there. Indices get none. */
export function gatherVjp({ primitive: { axis }, inputs: [x, index], g }: VjpContext<'gather'>): Cotangents {
  return [prim.scatterAddP(g, index!, axis, x!.shape), undefined];
}

/** scatterAdd writes src at the indices: its adjoint reads the cotangent there. */
export function scatterAddVjp({
  primitive: { axis },
  inputs: [, index],
  g,
}: VjpContext<'scatterAdd'>): Cotangents {
  return [prim.gatherP(g, index!, axis), undefined];
}
