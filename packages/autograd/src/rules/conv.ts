import { prim, type Tensor } from '@isotropic/tensor';
import type { Cotangents, VjpContext } from './types.js';

/*
 * conv2d is bilinear in (x, w): y = conv(x, w). Its two backward kernels are the
 * partial adjoints of that one bilinear form <dy, conv(x, w)>:
 *   backwardInput(dy, w)  = d/dx <dy, conv(x, w)>
 *   backwardWeight(x, dy) = d/dw <dy, conv(x, w)>
 * so the rules for all three only permute the roles of x, w and dy. That closes
 * the set under differentiation (gradients of gradients need no new kernel).
 */

export function conv2dVjp({ primitive: { params }, inputs, g, needs }: VjpContext<'conv2d'>): Cotangents {
  const [x, w] = inputs as [Tensor, Tensor];
  return [
    needs[0] ? prim.conv2dBackwardInputP(g, w, x.shape, params) : undefined,
    needs[1] ? prim.conv2dBackwardWeightP(x, g, w.shape, params) : undefined,
  ];
}

/** dx = backwardInput(dy, w): linear in dy (adjoint: conv) and in w (adjoint: backwardWeight). */
export function conv2dBackwardInputVjp({
  primitive: { params },
  inputs,
  g,
  needs,
}: VjpContext<'conv2dBackwardInput'>): Cotangents {
  const [dy, w] = inputs as [Tensor, Tensor];
  return [
    needs[0] ? prim.conv2dP(g, w, params, dy.shape) : undefined,
    needs[1] ? prim.conv2dBackwardWeightP(g, dy, w.shape, params) : undefined,
  ];
}

/** dw = backwardWeight(x, dy): linear in x (adjoint: backwardInput) and in dy (adjoint: conv). */
export function conv2dBackwardWeightVjp({
  primitive: { params },
  inputs,
  g,
  needs,
}: VjpContext<'conv2dBackwardWeight'>): Cotangents {
  const [x, dy] = inputs as [Tensor, Tensor];
  return [
    needs[0] ? prim.conv2dBackwardInputP(dy, g, x.shape, params) : undefined,
    needs[1] ? prim.conv2dP(x, g, params, dy.shape) : undefined,
  ];
}
