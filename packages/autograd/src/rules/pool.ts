import { add, cast, eq, mul, type Pool2dParams, prim, type Shape, sub, type Tensor } from '@isotropic/tensor';
import { poolWindows } from './pool-windows.js';
import type { Cotangents, VjpContext } from './types.js';

/** Max pooling routes each window's gradient to its first maximum (the backend's rule); avg spreads it. */
export function pool2dVjp({ primitive: { params }, inputs: [x], g }: VjpContext<'pool2d'>): Cotangents {
  return [prim.pool2dBackwardP(x!, g, params)];
}

/**
 * dx = pool2dBackward(x, dy) is linear in dy and piecewise constant in x (no
 * gradient to x). Its adjoint in dy: avg pooling of the cotangent for 'avg'
 * (backward spreads dy / area; pooling gathers it back); for 'max', each window
 * reads the cotangent at the element it routed to, its first maximum.
 */
export function pool2dBackwardVjp({
  primitive: { params },
  inputs,
  g,
  needs,
}: VjpContext<'pool2dBackward'>): Cotangents {
  const [x, dy] = inputs as [Tensor, Tensor];
  if (!needs[1]) return [undefined, undefined];
  if (params.mode === 'avg') return [undefined, prim.pool2dP(g, params, dy.shape)];
  return [undefined, readAtFirstMaximum(x, g, params, dy.shape)];
}

function readAtFirstMaximum(x: Tensor, g: Tensor, params: Pool2dParams, outShape: Shape): Tensor {
  const maxima = prim.pool2dP(x, params, outShape);
  const xWindows = poolWindows(x, params, outShape, Number.NEGATIVE_INFINITY);
  const gWindows = poolWindows(g, params, outShape, 0);
  // walk the window in the kernel's order; `taken` marks windows whose maximum was already seen
  let taken: Tensor | undefined;
  let result: Tensor | undefined;
  for (let k = 0; k < xWindows.length; k++) {
    const isMax = cast(eq(xWindows[k]!, maxima), x.dtype);
    const first = taken ? mul(isMax, sub(1, taken)) : isMax;
    const contribution = mul(first, gWindows[k]!);
    result = result ? add(result, contribution) : contribution;
    taken = taken ? add(taken, first) : first;
  }
  return result!;
}
