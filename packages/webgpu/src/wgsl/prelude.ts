/**
 * WGSL helpers shared by the elementwise kernels. They reproduce the CPU
 * backend's JavaScript semantics where WGSL differs:
 * - NaN is tested on the bits: drivers (lavapipe among them) may fold `x != x`
 *   to false, so IEEE comparisons cannot be trusted to see NaN;
 * - float to int32 conversion wraps like JS `ToInt32(Math.trunc(v))` (WGSL saturates);
 * - `max`/`min` propagate NaN, `pow` handles negative bases and integer
 *   exponents like `Math.pow`, integer division by zero gives 0, integer
 *   powers wrap like ToInt32 of the double result (exact below 2^53, 0 from 2^84);
 * - sin and cos are the driver's: accurate to ~1e-7 up to |x| ~ 1e6, not beyond;
 * - `erf` is the same Abramowitz-Stegun 7.1.26 polynomial as the CPU's erf32.
 * Infinity and NaN come from private variables: WGSL rejects constant
 * expressions that are not finite, even `bitcast<f32>(0x7f800000u)`.
 */
export const PRELUDE = /* wgsl */ `
var<private> INF_BITS: u32 = 0x7f800000u;
var<private> NAN_BITS: u32 = 0x7fc00000u;
fn f32_inf() -> f32 { return bitcast<f32>(INF_BITS); }
fn f32_nan() -> f32 { return bitcast<f32>(NAN_BITS); }
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn is_zero(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0u; }
fn truthy_f32(x: f32) -> bool { return !is_zero(x) && !is_nan(x); }

fn js_to_i32(v: f32) -> i32 {
  if (is_nan(v) || is_inf(v)) { return 0; }
  let t = trunc(v);
  if (abs(t) < 2147483648.0) { return i32(t); }
  let m = t - 4294967296.0 * floor(t / 4294967296.0);
  return bitcast<i32>(u32(m));
}

fn max_js(a: f32, b: f32) -> f32 {
  if (is_nan(a)) { return a; }
  if (is_nan(b)) { return b; }
  return select(b, a, a > b);
}
fn min_js(a: f32, b: f32) -> f32 {
  if (is_nan(a)) { return a; }
  if (is_nan(b)) { return b; }
  return select(b, a, a < b);
}
fn ordered(a: f32, b: f32) -> bool { return !is_nan(a) && !is_nan(b); }

fn sign_f32(x: f32) -> f32 {
  if (is_nan(x) || is_zero(x)) { return 0.0; }
  return select(1.0, -1.0, x < 0.0);
}

fn tanh_f32(x: f32) -> f32 {
  // tanh(15) rounds to 1 in f32; clamping keeps exp-based tanh from overflowing to NaN.
  if (is_nan(x)) { return x; }
  return tanh(clamp(x, -15.0, 15.0));
}

fn erf_f32(x: f32) -> f32 {
  let a = abs(x);
  let t = 1.0 / (1.0 + 0.3275911 * a);
  let y = 1.0 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-a * a);
  return select(y, -y, x < 0.0);
}

fn pow_f32(a: f32, b: f32) -> f32 {
  if (is_zero(b)) { return 1.0; }
  if (is_nan(a) || is_nan(b)) { return f32_nan(); }
  let b_int = !is_inf(b) && floor(b) == b;
  if (b_int && abs(b) <= 64.0) {
    // Integer exponents by squaring: exact for small powers (x^2, x^3), like Math.pow.
    var e = u32(abs(b));
    var base = a;
    var r = 1.0;
    loop {
      if (e == 0u) { break; }
      if ((e & 1u) == 1u) { r = r * base; }
      base = base * base;
      e = e >> 1u;
    }
    return select(r, 1.0 / r, b < 0.0);
  }
  let ab = abs(a);
  if (a < 0.0 && !b_int && !is_inf(b)) { return f32_nan(); }
  if (ab == 1.0 && is_inf(b)) { return f32_nan(); }
  if (is_zero(ab)) { return select(0.0, f32_inf(), b < 0.0); }
  var r = exp2(b * log2(ab));
  if (a < 0.0 && b_int && abs(b) < 16777216.0 && (i32(abs(b)) & 1) == 1) { r = -r; }
  return r;
}

fn pow_i32(a: i32, b: i32) -> i32 {
  // Math.pow computes in doubles; from 2^84 up the double is a multiple of 2^32, which ToInt32 makes 0.
  if (a != 0 && b > 0 && f32(b) * log2(abs(f32(a))) >= 84.0) { return 0; }
  if (b < 0) {
    // |a| > 1 gives a fraction that truncates to 0; 1/0 is Infinity, which ToInt32 makes 0.
    if (a == 1) { return 1; }
    if (a == -1) { return select(1, -1, (b & 1) != 0); }
    return 0;
  }
  var e = u32(b);
  var base = a;
  var r = 1;
  loop {
    if (e == 0u) { break; }
    if ((e & 1u) == 1u) { r = r * base; }
    base = base * base;
    e = e >> 1u;
  }
  return r;
}

fn div_i32(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  return a / b;
}
`;
