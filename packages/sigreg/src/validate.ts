import { DTypeError, fmtShape, isFloat, ShapeError, type Tensor, ValueError } from '@isotropic/tensor';

/**
 * Argument checks shared by the public functions. Every message starts with the
 * public function's name, then what it got and what it expected.
 */

export function checkGridOptions(fn: string, knots: number, tMax: number): void {
  // Odd knots, as the official implementation asserts: an odd grid mirrored onto [-tMax, tMax]
  // has a node at t = 0, so the half-line rule equals the full-line one (and Simpson's rule,
  // which the official library also offers, needs an even number of intervals).
  if (!Number.isInteger(knots) || knots < 3 || knots % 2 === 0) {
    throw new ValueError(`${fn}: knots must be an odd integer >= 3, got ${knots}`);
  }
  if (!Number.isFinite(tMax) || tMax <= 0) {
    throw new ValueError(`${fn}: tMax must be a finite number > 0, got ${tMax}`);
  }
}

export function checkFloat(fn: string, what: string, x: Tensor): void {
  if (!isFloat(x.dtype)) {
    throw new DTypeError(`${fn}: expected float ${what}, got ${x.dtype} of shape ${fmtShape(x.shape)}`);
  }
}

/**
 * The empirical characteristic function of fewer than two samples says nothing about
 * a distribution (and N = 0 has none): demand N >= 2.
 */
export function checkSampleCount(fn: string, n: number, shape: readonly number[]): void {
  if (n < 2) {
    throw new ShapeError(`${fn}: need at least 2 samples (N >= 2), got N = ${n} in ${fmtShape(shape)}`);
  }
}

/** x is [N, K] or [V, N, K]; returns [V, N, K] sizes (V = 1 for rank 2). */
export function checkEmbeddings(fn: string, x: Tensor): { V: number; N: number; K: number } {
  if (x.ndim !== 2 && x.ndim !== 3) {
    throw new ShapeError(`${fn}: expected embeddings of shape [N, K] or [V, N, K], got ${fmtShape(x.shape)}`);
  }
  checkFloat(fn, 'embeddings', x);
  const [V, N, K] = x.ndim === 2 ? [1, x.shape[0]!, x.shape[1]!] : (x.shape as [number, number, number]);
  checkSampleCount(fn, N, x.shape);
  if (K < 1) throw new ShapeError(`${fn}: embeddings need K >= 1 features, got ${fmtShape(x.shape)}`);
  return { V, N, K };
}

export function checkPositiveInteger(fn: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) {
    throw new ValueError(`${fn}: ${name} must be a positive integer, got ${v}`);
  }
}

export function checkSeed(fn: string, seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new ValueError(
      `${fn}: seed must be a non-negative safe integer (e.g. the global step), got ${seed}`,
    );
  }
}

/** `directions` must be [K, M] for embeddings with K features. */
export function checkDirections(fn: string, directions: Tensor, x: Tensor, K: number): void {
  if (directions.ndim !== 2 || directions.shape[0] !== K || directions.shape[1]! < 1) {
    throw new ShapeError(
      `${fn}: expected directions of shape [${K}, M] for embeddings ${fmtShape(x.shape)}, got ${fmtShape(directions.shape)}`,
    );
  }
  checkFloat(fn, 'directions', directions);
}
