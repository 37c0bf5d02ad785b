import type { Code, Local, Val } from '../wasm/code-builder.js';
import type { ConstantPool } from './constant-pool.js';

/**
 * f32x4 versions of the transcendental functions the training path needs
 * (softmax, GELU, layer norm), after Cephes' single-precision routines: a few
 * ulp, NaN and infinities handled like Math.*. Each emitter reads a v128 held in
 * `x` and leaves the result on the stack; `t` is a pool of scratch locals.
 */
export interface MathContext {
  readonly t: readonly Local<'v128'>[];
  readonly pool: ConstantPool;
}

const SIGN_MASK = 0x80000000 | 0;
const ABS_MASK = 0x7fffffff;

/** Polynomial in z by Horner's rule, coefficients from the highest power. */
function horner(c: Code, m: MathContext, z: Local<'v128'>, coeffs: readonly number[]): Val<'v128'> {
  let acc = m.pool.f32x4(c, coeffs[0]!);
  for (let i = 1; i < coeffs.length; i++)
    acc = c.f32x4.add(c.f32x4.mul(acc, c.get(z)), m.pool.f32x4(c, coeffs[i]!));
  return acc;
}

function scratch(m: MathContext, from: number): MathContext {
  return { t: m.t.slice(from), pool: m.pool };
}

/**
 * e^x: range reduction by ln 2, a degree-6 polynomial, then scaling by 2^n in
 * two halves (no overflow in 2^n, correct denormals). Needs 4 scratch locals.
 */
export function expF32x4(c: Code, x: Local<'v128'>, m: MathContext): Val<'v128'> {
  const [fx, r, z, n] = m.t as [Local<'v128'>, Local<'v128'>, Local<'v128'>, Local<'v128'>];
  const k = (v: number) => m.pool.f32x4(c, v);
  // e^-104 is below the smallest denormal and e^89 above FLT_MAX, so clamping keeps
  // every result; pmin/pmax are single instructions and still pass NaN through
  c.set(r, c.f32x4.pmax(c.f32x4.pmin(c.get(x), k(89)), k(-104)));
  c.set(fx, c.f32x4.nearest(c.f32x4.mul(c.get(r), k(Math.LOG2E))));
  c.set(
    r,
    c.f32x4.sub(
      c.f32x4.sub(c.get(r), c.f32x4.mul(c.get(fx), k(0.693359375))),
      c.f32x4.mul(c.get(fx), k(-2.1219444e-4)),
    ),
  );
  c.set(z, c.f32x4.mul(c.get(r), c.get(r)));
  const p = horner(
    c,
    m,
    r,
    [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1],
  );
  c.set(z, c.f32x4.add(c.f32x4.add(c.f32x4.mul(p, c.get(z)), c.get(r)), k(1)));
  // 2^n = 2^(n >> 1) * 2^(n - (n >> 1)), each factor a normal float
  c.set(n, c.i32x4.truncSatF32x4s(c.get(fx)));
  c.set(fx, c.i32x4.shr_s(c.get(n), c.i32c(1)));
  c.set(n, c.i32x4.sub(c.get(n), c.get(fx)));
  const pow2 = (e: Local<'v128'>) => c.i32x4.shl(c.i32x4.add(c.get(e), m.pool.i32x4(c, 127)), c.i32c(23));
  return c.f32x4.mul(c.f32x4.mul(c.get(z), pow2(fx)), pow2(n));
}

/** ln x: x = m * 2^e with m in [sqrt(1/2), sqrt(2)), a degree-9 polynomial in m - 1. Needs 5 scratch locals. */
export function logF32x4(c: Code, x: Local<'v128'>, m: MathContext): Val<'v128'> {
  const [v, e, f, z, tiny] = m.t as [
    Local<'v128'>,
    Local<'v128'>,
    Local<'v128'>,
    Local<'v128'>,
    Local<'v128'>,
  ];
  const k = (value: number) => m.pool.f32x4(c, value);
  const ki = (value: number) => m.pool.i32x4(c, value);
  // denormals: scale by 2^23 so the exponent field is meaningful
  c.set(tiny, c.f32x4.lt(c.get(x), k(1.17549435e-38)));
  c.set(v, c.v128.bitselect(c.f32x4.mul(c.get(x), k(8388608)), c.get(x), c.get(tiny)));
  c.set(e, c.i32x4.sub(c.i32x4.shr_u(c.get(v), c.i32c(23)), ki(126)));
  c.set(e, c.i32x4.sub(c.get(e), c.v128.and(c.get(tiny), ki(23))));
  c.set(f, c.v128.or(c.v128.and(c.get(v), ki(0x007fffff)), ki(0x3f000000))); // [0.5, 1)
  c.set(e, c.f32x4.convertI32x4s(c.get(e)));
  // below sqrt(1/2): one more halving of the mantissa's range
  c.set(tiny, c.f32x4.lt(c.get(f), k(Math.SQRT1_2)));
  c.set(e, c.f32x4.sub(c.get(e), c.v128.and(c.get(tiny), k(1))));
  c.set(f, c.f32x4.sub(c.f32x4.add(c.get(f), c.v128.and(c.get(tiny), c.get(f))), k(1)));
  c.set(z, c.f32x4.mul(c.get(f), c.get(f)));
  const p = horner(
    c,
    m,
    f,
    [
      7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
      2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
    ],
  );
  c.set(v, c.f32x4.mul(c.f32x4.mul(p, c.get(f)), c.get(z)));
  c.set(v, c.f32x4.add(c.get(v), c.f32x4.mul(c.get(e), k(-2.1219444e-4))));
  c.set(v, c.f32x4.sub(c.get(v), c.f32x4.mul(c.get(z), k(0.5))));
  c.set(v, c.f32x4.add(c.f32x4.add(c.get(f), c.get(v)), c.f32x4.mul(c.get(e), k(0.693359375))));
  // ln(+-0) = -inf, ln(negative or NaN) = NaN, ln(inf) = inf
  c.set(v, c.v128.bitselect(k(Number.NEGATIVE_INFINITY), c.get(v), c.f32x4.eq(c.get(x), k(0))));
  c.set(
    v,
    c.v128.bitselect(
      k(Number.POSITIVE_INFINITY),
      c.get(v),
      c.f32x4.eq(c.get(x), k(Number.POSITIVE_INFINITY)),
    ),
  );
  return c.v128.bitselect(
    k(Number.NaN),
    c.get(v),
    c.v128.or(c.f32x4.lt(c.get(x), k(0)), c.f32x4.ne(c.get(x), c.get(x))),
  );
}

/** |magnitude| with the sign of `sign`. */
function copySign(c: Code, m: MathContext, magnitude: Val<'v128'>, sign: Local<'v128'>): Val<'v128'> {
  return c.v128.or(
    c.v128.and(magnitude, m.pool.i32x4(c, ABS_MASK)),
    c.v128.and(c.get(sign), m.pool.i32x4(c, SIGN_MASK)),
  );
}

/** tanh: an odd polynomial below |x| = 0.625, else 1 - 2 / (e^{2|x|} + 1). Needs 7 scratch locals. */
export function tanhF32x4(c: Code, x: Local<'v128'>, m: MathContext): Val<'v128'> {
  const [a, small, big] = m.t as [Local<'v128'>, Local<'v128'>, Local<'v128'>];
  const k = (v: number) => m.pool.f32x4(c, v);
  c.set(small, c.f32x4.mul(c.get(x), c.get(x)));
  const p = horner(
    c,
    m,
    small,
    [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1],
  );
  c.set(small, c.f32x4.add(c.f32x4.mul(c.f32x4.mul(p, c.get(small)), c.get(x)), c.get(x)));
  c.set(a, c.f32x4.abs(c.get(x)));
  c.set(a, c.f32x4.add(c.get(a), c.get(a)));
  c.set(big, expF32x4(c, a, scratch(m, 3)));
  c.set(big, c.f32x4.sub(k(1), c.f32x4.div(k(2), c.f32x4.add(c.get(big), k(1)))));
  c.set(big, copySign(c, m, c.get(big), x));
  return c.v128.bitselect(c.get(small), c.get(big), c.f32x4.lt(c.f32x4.abs(c.get(x)), k(0.625)));
}

/**
 * erf: Abramowitz & Stegun 7.1.26 (the formula of the TypeScript erf32, max error
 * 1.5e-7) for |x| >= 0.5, and the Maclaurin series below, where A&S's 1 - p(t) e^{-x^2}
 * would cancel in f32. Needs 6 scratch locals.
 */
export function erfF32x4(c: Code, x: Local<'v128'>, m: MathContext): Val<'v128'> {
  const [t, e] = m.t as [Local<'v128'>, Local<'v128'>];
  const k = (v: number) => m.pool.f32x4(c, v);
  c.set(e, c.f32x4.neg(c.f32x4.mul(c.get(x), c.get(x))));
  c.set(e, expF32x4(c, e, scratch(m, 2)));
  c.set(t, c.f32x4.div(k(1), c.f32x4.add(k(1), c.f32x4.mul(k(0.3275911), c.f32x4.abs(c.get(x))))));
  const p = horner(c, m, t, [1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592]);
  c.set(e, c.f32x4.mul(c.f32x4.mul(p, c.get(t)), c.get(e)));
  c.set(e, copySign(c, m, c.f32x4.sub(k(1), c.get(e)), x));
  // series: 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1)), seven terms for |x| < 0.5
  c.set(t, c.f32x4.mul(c.get(x), c.get(x)));
  const series = horner(c, m, t, [1 / 9360, -1 / 1320, 1 / 216, -1 / 42, 1 / 10, -1 / 3, 1]);
  c.set(t, c.f32x4.mul(c.f32x4.mul(series, c.get(x)), k(2 / Math.sqrt(Math.PI))));
  return c.v128.bitselect(c.get(t), c.get(e), c.f32x4.lt(c.f32x4.abs(c.get(x)), k(0.5)));
}

/** sign: 1, -1, or 0 (also for NaN, as the TypeScript kernel). */
export function signF32x4(c: Code, x: Local<'v128'>, m: MathContext): Val<'v128'> {
  const k = (v: number) => m.pool.f32x4(c, v);
  return c.v128.or(
    c.v128.and(c.f32x4.gt(c.get(x), k(0)), k(1)),
    c.v128.and(c.f32x4.lt(c.get(x), k(0)), k(-1)),
  );
}
