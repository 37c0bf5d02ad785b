import { allocTyped, type DType, type TypedArray } from '../dtype.js';

/**
 * cos/sin of t_k * z for all k at one z. When t is a uniform grid from 0
 * (SIGReg's case) the angle-addition recurrence replaces 2K trig calls by two.
 */
function trigRow(
  z: number,
  t: TypedArray,
  uniformStep: number | undefined,
  cos: Float64Array,
  sin: Float64Array,
) {
  const K = t.length;
  if (uniformStep === undefined) {
    for (let k = 0; k < K; k++) {
      cos[k] = Math.cos(t[k]! * z);
      sin[k] = Math.sin(t[k]! * z);
    }
    return;
  }
  const c1 = Math.cos(uniformStep * z);
  const s1 = Math.sin(uniformStep * z);
  cos[0] = 1;
  sin[0] = 0;
  for (let k = 1; k < K; k++) {
    cos[k] = cos[k - 1]! * c1 - sin[k - 1]! * s1;
    sin[k] = sin[k - 1]! * c1 + cos[k - 1]! * s1;
  }
}

/** The grid step if t = [0, d, 2d, ...] (to rounding), else undefined. */
function uniformStepOf(t: TypedArray): number | undefined {
  if (t.length < 2 || t[0] !== 0) return undefined;
  const d = t[1]!;
  for (let k = 2; k < t.length; k++) if (Math.abs(t[k]! - k * d) > 1e-6 * Math.abs(k * d)) return undefined;
  return d;
}

/** out [2, K, M]: means over n of cos(t_k z[n,m]) and sin(t_k z[n,m]); z is contiguous [N, M]. */
export function ecfKernel(z: TypedArray, N: number, M: number, t: TypedArray, dtype: DType): TypedArray {
  const K = t.length;
  const acc = new Float64Array(2 * K * M);
  const cos = new Float64Array(K);
  const sin = new Float64Array(K);
  const step = uniformStepOf(t);
  for (let n = 0; n < N; n++) {
    for (let m = 0; m < M; m++) {
      trigRow(z[n * M + m]!, t, step, cos, sin);
      for (let k = 0; k < K; k++) {
        acc[k * M + m]! += cos[k]!;
        acc[(K + k) * M + m]! += sin[k]!;
      }
    }
  }
  const out = allocTyped(dtype, acc.length);
  for (let i = 0; i < acc.length; i++) out[i] = acc[i]! / N;
  return out;
}

/** dz [N, M] = sum_k t_k / N * (-sin(t_k z) g[0,k,m] + cos(t_k z) g[1,k,m]). */
export function ecfBackwardKernel(
  z: TypedArray,
  N: number,
  M: number,
  t: TypedArray,
  g: TypedArray,
  dtype: DType,
): TypedArray {
  const K = t.length;
  const out = allocTyped(dtype, N * M);
  const cos = new Float64Array(K);
  const sin = new Float64Array(K);
  const step = uniformStepOf(t);
  for (let n = 0; n < N; n++) {
    for (let m = 0; m < M; m++) {
      trigRow(z[n * M + m]!, t, step, cos, sin);
      let s = 0;
      for (let k = 0; k < K; k++) s += t[k]! * (cos[k]! * g[(K + k) * M + m]! - sin[k]! * g[k * M + m]!);
      out[n * M + m] = s / N;
    }
  }
  return out;
}
