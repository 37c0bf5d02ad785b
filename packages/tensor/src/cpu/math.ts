/**
 * erf for float32: Abramowitz & Stegun 7.1.26 (max abs error 1.5e-7, below f32
 * resolution near 1). Cheap enough for GELU in training.
 */
export function erf32(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return s * y;
}

/**
 * erf to near double precision, for float64 tensors (gradient checks):
 * the all-positive series erf(x) = 2/sqrt(pi) e^{-x^2} sum 2^n x^{2n+1} / (2n+1)!!
 * below 3, and the continued fraction for erfc above.
 */
export function erf64(x: number): number {
  const a = Math.abs(x);
  const s = x < 0 ? -1 : 1;
  if (a < 3) {
    let term = a;
    let sum = a;
    const x2 = a * a;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return s * (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
  }
  if (a > 27) return s;
  // erfc(a) = e^{-a^2}/sqrt(pi) * 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + ...)))))
  let f = a;
  for (let n = 60; n >= 1; n--) f = a + n / 2 / f;
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  return s * (1 - erfc);
}
