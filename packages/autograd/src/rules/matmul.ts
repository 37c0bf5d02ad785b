import { matmul, type Tensor } from '@isotropic/tensor';
import { sumToShape } from './sum-to-shape.js';
import type { Cotangents, VjpContext } from './types.js';

/**
 * y = a @ b over [...batch, M, K] @ [...batch, K, N] with broadcast batch dims:
 * da = g @ bᵀ and db = aᵀ @ g, summed over the batch dims each input was broadcast along.
 */
export function matmulVjp({ inputs, g, needs }: VjpContext<'matmul'>): Cotangents {
  const [a, b] = inputs as [Tensor, Tensor];
  return [
    needs[0] ? sumToShape(matmul(g, b.mT), a.shape) : undefined,
    needs[1] ? sumToShape(matmul(a.mT, g), b.shape) : undefined,
  ];
}
