import type { Operand } from '../backend.js';
import { allocTyped, type TypedArray } from '../dtype.js';
import { contiguousStrides, sizeOf } from '../shape.js';
import { forEachRun } from './strided.js';

// Block sizes chosen so a packed B panel (KC x NC doubles) stays in L2.
export const KC = 128;
export const NC = 256;

/**
 * C = A @ B for one matrix pair, cache-blocked: B is packed panel by panel
 * (KC x NC, contiguous) and each row of A streams over it, accumulating in
 * float64. A and B are read through strides, so transposed views need no copy.
 */
export function gemm(
  a: TypedArray,
  aOff: number,
  aRs: number,
  aCs: number,
  b: TypedArray,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  M: number,
  K: number,
  N: number,
  panel: Float64Array,
  aRow: Float64Array,
): void {
  c.fill(0, 0, M * N);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = Math.min(KC, K - k0);
    for (let j0 = 0; j0 < N; j0 += NC) {
      const nc = Math.min(NC, N - j0);
      // pack B[k0:k0+kc, j0:j0+nc]
      for (let k = 0; k < kc; k++) {
        const src = bOff + (k0 + k) * bRs + j0 * bCs;
        const dst = k * nc;
        if (bCs === 1) for (let j = 0; j < nc; j++) panel[dst + j] = b[src + j]!;
        else for (let j = 0; j < nc; j++) panel[dst + j] = b[src + j * bCs]!;
      }
      for (let i = 0; i < M; i++) {
        const ai = aOff + i * aRs + k0 * aCs;
        for (let k = 0; k < kc; k++) aRow[k] = a[ai + k * aCs]!;
        const ci = i * N + j0;
        let k = 0;
        // two rows of the panel per pass halves the loads/stores of C
        for (; k + 1 < kc; k += 2) {
          const x0 = aRow[k]!;
          const x1 = aRow[k + 1]!;
          const p0 = k * nc;
          const p1 = p0 + nc;
          for (let j = 0; j < nc; j++) c[ci + j]! += x0 * panel[p0 + j]! + x1 * panel[p1 + j]!;
        }
        if (k < kc) {
          const x0 = aRow[k]!;
          const p0 = k * nc;
          for (let j = 0; j < nc; j++) c[ci + j]! += x0 * panel[p0 + j]!;
        }
      }
    }
  }
}

export function matmulKernel(a: Operand, aData: TypedArray, b: Operand, bData: TypedArray): TypedArray {
  const ar = a.view.shape.length;
  const M = a.view.shape[ar - 2]!;
  const K = a.view.shape[ar - 1]!;
  const N = b.view.shape[ar - 1]!;
  const batchShape = a.view.shape.slice(0, ar - 2);
  const out = allocTyped(a.dtype, sizeOf(batchShape) * M * N);
  if (out.length === 0) return out;
  const c = new Float64Array(M * N);
  const panel = new Float64Array(KC * Math.min(NC, N));
  const aRow = new Float64Array(KC);
  const aRs = a.view.strides[ar - 2]!;
  const aCs = a.view.strides[ar - 1]!;
  const bRs = b.view.strides[ar - 2]!;
  const bCs = b.view.strides[ar - 1]!;
  // iterate batch positions: a rank-(batch) loop with a unit inner dim
  const batchOutStrides = contiguousStrides(batchShape).map((s) => s * M * N);
  forEachRun(
    [...batchShape, 1],
    [
      [...batchOutStrides, 0],
      [...a.view.strides.slice(0, ar - 2), 0],
      [...b.view.strides.slice(0, ar - 2), 0],
    ],
    [0, a.view.offset, b.view.offset],
    (base, n, s) => {
      let o = base[0]!;
      let ao = base[1]!;
      let bo = base[2]!;
      for (let t = 0; t < n; t++, o += s[0]!, ao += s[1]!, bo += s[2]!) {
        gemm(aData, ao, aRs, aCs, bData, bo, bRs, bCs, c, M, K, N, panel, aRow);
        out.set(c, o);
      }
    },
  );
  return out;
}
