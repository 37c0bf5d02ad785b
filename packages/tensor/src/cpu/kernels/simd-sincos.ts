import type { Code, Local } from '../wasm/code-builder.js';
import type { ConstantPool } from './constant-pool.js';
import { f32Lanes } from './simd-helpers.js';

/** 1.5 * 2^52: adding it rounds an f64 below 2^51 to an integer held in the low mantissa bits. */
const ROUNDING_MAGIC = 6755399441055744;

/**
 * cos and sin of step * z for the four f32 lanes of `z` (the ECF kernels' first
 * rotation). The angle is formed and reduced by pi/2 in f64: the product of two
 * f32 is exact there, so the reduced angle is good to f32 rounding for any |z|,
 * and the recurrence that multiplies it up to t_K z starts from an accurate
 * rotation. Then Cephes' single-precision sinf / cosf polynomials on
 * [-pi/4, pi/4] (about 1 ulp), swapped and negated by quadrant.
 *
 * `step` holds the step as an f64x2 splat; `t` are 6 scratch locals.
 */
export function sincosOfStepF32x4(
  c: Code,
  pool: ConstantPool,
  z: Local<'v128'>,
  step: Local<'v128'>,
  out: { readonly cos: Local<'v128'>; readonly sin: Local<'v128'> },
  t: readonly Local<'v128'>[],
): void {
  const [lo, hi, tl, th, r, q] = t as [
    Local<'v128'>,
    Local<'v128'>,
    Local<'v128'>,
    Local<'v128'>,
    Local<'v128'>,
    Local<'v128'>,
  ];
  const f = (v: number) => pool.f32x4(c, v);
  const d = (v: number) => pool.f64x2(c, v);
  // theta = step * z in two f64x2 halves (exact)
  c.set(lo, c.f64x2.mul(c.f64x2.promoteLowF32x4(c.get(z)), c.get(step)));
  c.set(
    hi,
    c.f64x2.mul(
      c.f64x2.promoteLowF32x4(c.v128.shuffle(c.get(z), c.get(z), f32Lanes(2, 3, 2, 3))),
      c.get(step),
    ),
  );
  // quadrant q = round(theta * 2 / pi): the low word of each sum is q (two's complement)
  c.set(tl, c.f64x2.add(c.f64x2.mul(c.get(lo), d(2 / Math.PI)), d(ROUNDING_MAGIC)));
  c.set(th, c.f64x2.add(c.f64x2.mul(c.get(hi), d(2 / Math.PI)), d(ROUNDING_MAGIC)));
  // r = theta - q * pi / 2; |q| * (pi/2 - fl(pi/2)) stays far below f32 resolution
  c.set(lo, c.f64x2.sub(c.get(lo), c.f64x2.mul(c.f64x2.sub(c.get(tl), d(ROUNDING_MAGIC)), d(Math.PI / 2))));
  c.set(hi, c.f64x2.sub(c.get(hi), c.f64x2.mul(c.f64x2.sub(c.get(th), d(ROUNDING_MAGIC)), d(Math.PI / 2))));
  c.set(
    r,
    c.v128.shuffle(
      c.f32x4.demoteF64x2Zero(c.get(lo)),
      c.f32x4.demoteF64x2Zero(c.get(hi)),
      f32Lanes(0, 1, 4, 5),
    ),
  );
  c.set(q, c.v128.shuffle(c.get(tl), c.get(th), f32Lanes(0, 2, 4, 6)));

  // polynomials in r2 = r^2 (lo: r2, hi: sin r, tl: cos r)
  c.set(lo, c.f32x4.mul(c.get(r), c.get(r)));
  const sinPoly = c.f32x4.add(c.f32x4.mul(c.get(lo), f(-1.9515295891e-4)), f(8.3321608736e-3));
  c.set(hi, c.f32x4.sub(c.f32x4.mul(sinPoly, c.get(lo)), f(1.6666654611e-1)));
  c.set(hi, c.f32x4.add(c.f32x4.mul(c.f32x4.mul(c.get(hi), c.get(lo)), c.get(r)), c.get(r)));
  const cosPoly = c.f32x4.sub(c.f32x4.mul(c.get(lo), f(2.443315711809948e-5)), f(1.388731625493765e-3));
  c.set(tl, c.f32x4.add(c.f32x4.mul(cosPoly, c.get(lo)), f(4.166664568298827e-2)));
  c.set(tl, c.f32x4.mul(c.f32x4.mul(c.get(tl), c.get(lo)), c.get(lo)));
  c.set(tl, c.f32x4.add(c.f32x4.sub(c.get(tl), c.f32x4.mul(c.get(lo), f(0.5))), f(1)));

  // odd quadrants swap sin and cos; sin is negative in quadrants 2, 3, cos in 1, 2
  const one = () => pool.i32x4(c, 1);
  const two = () => pool.i32x4(c, 2);
  c.set(th, c.i32x4.eq(c.v128.and(c.get(q), one()), one()));
  c.set(out.cos, c.v128.bitselect(c.get(hi), c.get(tl), c.get(th)));
  c.set(out.sin, c.v128.bitselect(c.get(tl), c.get(hi), c.get(th)));
  c.set(out.sin, c.v128.xor(c.get(out.sin), c.i32x4.shl(c.v128.and(c.get(q), two()), c.i32c(30))));
  c.set(
    out.cos,
    c.v128.xor(c.get(out.cos), c.i32x4.shl(c.v128.and(c.i32x4.add(c.get(q), one()), two()), c.i32c(30))),
  );
}
