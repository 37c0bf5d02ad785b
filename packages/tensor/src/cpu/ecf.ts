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

const TWO_PI = 2 * Math.PI;
const INV_TWO_PI = 1 / TWO_PI;

/**
 * cos and sin of x into out[0], out[1]: reduce to [-pi/4, pi/4] by quadrant,
 * then Taylor polynomials to degree 16/17 (error < 1e-15 there). Several times
 * faster than Math.cos + Math.sin, which is what bounds the ecf kernels.
 */
export function sincos(x: number, out: Float64Array): void {
  // reduce to r in [-pi, pi], then to [-pi/4, pi/4] with quadrant q
  const r0 = x - TWO_PI * Math.round(x * INV_TWO_PI);
  const q = Math.round(r0 * (2 / Math.PI));
  const r = r0 - q * (Math.PI / 2);
  const r2 = r * r;
  const c =
    1 +
    r2 *
      (-1 / 2 +
        r2 *
          (1 / 24 +
            r2 *
              (-1 / 720 +
                r2 *
                  (1 / 40320 +
                    r2 *
                      (-1 / 3628800 +
                        r2 * (1 / 479001600 + r2 * (-1 / 87178291200 + r2 / 20922789888000)))))));
  const sn =
    r *
    (1 +
      r2 *
        (-1 / 6 +
          r2 *
            (1 / 120 +
              r2 *
                (-1 / 5040 +
                  r2 *
                    (1 / 362880 +
                      r2 *
                        (-1 / 39916800 +
                          r2 * (1 / 6227020800 + r2 * (-1 / 1307674368000 + r2 / 355687428096000))))))));
  switch (((q % 4) + 4) % 4) {
    case 0:
      out[0] = c;
      out[1] = sn;
      break;
    case 1:
      out[0] = -sn;
      out[1] = c;
      break;
    case 2:
      out[0] = -c;
      out[1] = -sn;
      break;
    default:
      out[0] = sn;
      out[1] = -c;
  }
}

/**
 * The grid step if t = [0, d, 2d, ...] (to rounding), else undefined. The
 * recurrence then rotates by d; the wasm kernels keep this contract.
 */
export function uniformStepOf(t: TypedArray): number | undefined {
  if (t.length < 2 || t[0] !== 0) return undefined;
  const d = t[1]!;
  for (let k = 2; k < t.length; k++) if (Math.abs(t[k]! - k * d) > 1e-6 * Math.abs(k * d)) return undefined;
  return d;
}

// Columns are processed in blocks so that a block's accumulators (2 x K x 32
// doubles, 8.7 KB for K = 17) and cotangents stay in L1 while n streams by.
const BLOCK = 32;

/** out [2, K, M]: means over n of cos(t_k z[n,m]) and sin(t_k z[n,m]); z is contiguous [N, M]. */
export function ecfKernel(z: TypedArray, N: number, M: number, t: TypedArray, dtype: DType): TypedArray {
  const K = t.length;
  const out = allocTyped(dtype, 2 * K * M);
  const acc = new Float64Array(2 * K * BLOCK);
  const cs = new Float64Array(2);
  const cos = new Float64Array(K);
  const sin = new Float64Array(K);
  const step = uniformStepOf(t);
  for (let m0 = 0; m0 < M; m0 += BLOCK) {
    const mb = Math.min(BLOCK, M - m0);
    acc.fill(0);
    for (let n = 0; n < N; n++) {
      const row = n * M + m0;
      for (let j = 0; j < mb; j++) {
        if (step === undefined) {
          trigRow(z[row + j]!, t, step, cos, sin);
          for (let k = 0; k < K; k++) {
            acc[k * BLOCK + j]! += cos[k]!;
            acc[(K + k) * BLOCK + j]! += sin[k]!;
          }
          continue;
        }
        // uniform grid: rotate (c, s) by the angle step*z, k times
        sincos(step * z[row + j]!, cs);
        const c1 = cs[0]!;
        const s1 = cs[1]!;
        let c = 1;
        let sv = 0;
        for (let k = 0; k < K; k++) {
          acc[k * BLOCK + j]! += c;
          acc[(K + k) * BLOCK + j]! += sv;
          const cn = c * c1 - sv * s1;
          sv = sv * c1 + c * s1;
          c = cn;
        }
      }
    }
    for (let k = 0; k < 2 * K; k++)
      for (let j = 0; j < mb; j++) out[k * M + m0 + j] = acc[k * BLOCK + j]! / N;
  }
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
  // per block: tg[k][j] = t_k g[0,k,m] and ts[k][j] = t_k g[1,k,m], contiguous
  const tgc = new Float64Array(K * BLOCK);
  const tgs = new Float64Array(K * BLOCK);
  const cs = new Float64Array(2);
  const cos = new Float64Array(K);
  const sin = new Float64Array(K);
  const step = uniformStepOf(t);
  for (let m0 = 0; m0 < M; m0 += BLOCK) {
    const mb = Math.min(BLOCK, M - m0);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < mb; j++) {
        tgc[k * BLOCK + j] = (t[k]! * g[k * M + m0 + j]!) / N;
        tgs[k * BLOCK + j] = (t[k]! * g[(K + k) * M + m0 + j]!) / N;
      }
    }
    for (let n = 0; n < N; n++) {
      const row = n * M + m0;
      for (let j = 0; j < mb; j++) {
        let acc = 0;
        if (step === undefined) {
          trigRow(z[row + j]!, t, step, cos, sin);
          for (let k = 0; k < K; k++) acc += cos[k]! * tgs[k * BLOCK + j]! - sin[k]! * tgc[k * BLOCK + j]!;
        } else {
          sincos(step * z[row + j]!, cs);
          const c1 = cs[0]!;
          const s1 = cs[1]!;
          let c = 1;
          let sv = 0;
          for (let k = 0; k < K; k++) {
            acc += c * tgs[k * BLOCK + j]! - sv * tgc[k * BLOCK + j]!;
            const cn = c * c1 - sv * s1;
            sv = sv * c1 + c * s1;
            c = cn;
          }
        }
        out[row + j] = acc;
      }
    }
  }
  return out;
}
