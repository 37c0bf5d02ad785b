/**
 * `sincos_f32(x) -> vec2<f32>` (cos, sin) with a known accuracy on every GPU.
 *
 * WGSL only promises 2^-11 absolute error for the built-in sin / cos, and only
 * on [-pi, pi]. The characteristic-function kernels feed them t_k * z with
 * |t_k z| well past pi, and rotate the result up to 32 times, which multiplies
 * any error. So they do their own: Cody-Waite reduction by pi/2 in three parts
 * (the first has 8 significant bits, so q * part is exact for |q| < 2^16),
 * then Cephes' single-precision polynomials on [-pi/4, pi/4] (about 1 ulp).
 * Accurate to a few ulp for |x| below about 1e4; NaN and infinity give NaN.
 */
export const SINCOS_F32 = /* wgsl */ `
fn sincos_f32(x: f32) -> vec2<f32> {
  let q = round(x * 0.63661977236758134);
  let r = ((x - q * 1.5703125) - q * 4.837512969970703125e-4) - q * 7.54978995489188216e-8;
  let r2 = r * r;
  let s = r + r * r2 * (-1.6666654611e-1 + r2 * (8.3321608736e-3 + r2 * -1.9515295891e-4));
  let c = 1.0 - 0.5 * r2
    + r2 * r2 * (4.166664568298827e-2 + r2 * (-1.388731625493765e-3 + r2 * 2.443315711809948e-5));
  switch (i32(q) & 3) {
    case 0: { return vec2<f32>(c, s); }
    case 1: { return vec2<f32>(-s, c); }
    case 2: { return vec2<f32>(-c, -s); }
    default: { return vec2<f32>(s, -c); }
  }
}
`;
