import { fmtShape, ShapeError, type Tensor, ValueError } from '@isotropic/tensor';

export function positiveInt(layer: string, name: string, v: number): number {
  if (!Number.isInteger(v) || v <= 0)
    throw new ValueError(`${layer}: ${name} must be a positive integer, got ${v}`);
  return v;
}

export function probability(layer: string, p: number): number {
  if (!(p >= 0 && p < 1)) throw new ValueError(`${layer}: drop probability must be in [0, 1), got ${p}`);
  return p;
}

/** Throws unless the last dim of `x` is `features`. */
export function expectLastDim(layer: string, x: Tensor, features: number): void {
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== features) {
    throw new ShapeError(`${layer}: expected input [..., ${features}], got ${fmtShape(x.shape)}`);
  }
}
