import { ShapeError, ValueError } from '@isotropic/tensor';

/**
 * Eigenvalues of a real symmetric n x n matrix (row-major, float64), ascending.
 *
 * Householder reduction to tridiagonal form, then the implicit QL algorithm with
 * Wilkinson-type shifts (tred2 + tqli, eigenvalues only): about (4/3) n^3 flops, a
 * fraction of a second for n = 512 where cyclic Jacobi would take seconds. Only the
 * lower triangle is read; the input is not modified.
 */
export function symmetricEigenvalues(matrix: ArrayLike<number>, n: number): Float64Array {
  const fn = 'symmetricEigenvalues';
  if (!Number.isInteger(n) || n < 1 || matrix.length !== n * n) {
    throw new ShapeError(`${fn}: expected ${n} x ${n} = ${n * n} values, got ${matrix.length}`);
  }
  const a = Float64Array.from(matrix);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!)) throw new ValueError(`${fn}: the matrix has a non-finite entry at ${i}`);
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(a, n, d, e);
  tridiagonalQL(d, e, n);
  return d.sort();
}

/** Householder: a -> tridiagonal with diagonal d and sub-diagonal e[1..n-1] (e[0] = 0). */
function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    const row = i * n;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[row + k]!);
      if (scale === 0) {
        e[i] = a[row + l]!;
      } else {
        for (let k = 0; k <= l; k++) {
          a[row + k]! /= scale;
          h += a[row + k]! * a[row + k]!;
        }
        let f = a[row + l]!;
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[row + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          g = 0;
          for (let k = 0; k <= j; k++) g += a[j * n + k]! * a[row + k]!;
          for (let k = j + 1; k <= l; k++) g += a[k * n + j]! * a[row + k]!;
          e[j] = g / h;
          f += e[j]! * a[row + j]!;
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          f = a[row + j]!;
          g = e[j]! - hh * f;
          e[j] = g;
          for (let k = 0; k <= j; k++) a[j * n + k]! -= f * e[k]! + g * a[row + k]!;
        }
      }
    } else {
      e[i] = a[row + l]!;
    }
  }
  e[0] = 0;
  for (let i = 0; i < n; i++) d[i] = a[i * n + i]!;
}

const MAX_QL_ITERATIONS = 60;

/** Implicit QL on the tridiagonal (d, e): d becomes the eigenvalues (unsorted). */
function tridiagonalQL(d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    let m: number;
    do {
      // find a negligible off-diagonal element to split the matrix at
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iterations++ === MAX_QL_ITERATIONS) {
          throw new ValueError(
            `symmetricEigenvalues: QL did not converge in ${MAX_QL_ITERATIONS} iterations`,
          );
        }
        let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
        let r = Math.hypot(g, 1);
        g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i]!;
          const b = c * e[i]!;
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            // underflow: deflate and restart this l
            d[i + 1]! -= p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1]! - p;
          r = (d[i]! - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
        }
        if (r === 0 && i >= l) continue;
        d[l]! -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
}
