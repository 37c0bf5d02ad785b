import { reshape, type Shape, sum, type Tensor } from '@isotropic/tensor';

/**
 * The adjoint of broadcasting: sums the cotangent over the dims that
 * broadcasting added (leading dims) or stretched (size 1 in `shape`), so that a
 * gradient gets back the shape of the input it belongs to.
 */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (g.ndim === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  return reshape(axes.length > 0 ? sum(g, axes) : g, shape);
}
