import type { Code, Local } from '../wasm/code-builder.js';
import type { ConstantPool } from './constant-pool.js';
import { KNOT_BYTES } from './ecf-common.js';
import { sincosOfStepF32x4 } from './simd-sincos.js';

/**
 * The ECF forward kernel's rotation recurrence, per row of four columns:
 * (c_k, s_k) = (cos t_k z, sin t_k z) for t_k = k t_1, each knot the previous
 * one rotated by (c_1, s_1). One sincos per row instead of one per knot.
 */

/** One row's recurrence: (c1, s1) the rotation by t_1 z, (cos, sin) the current knot's values. */
export interface Rotation {
  readonly c1: Local<'v128'>;
  readonly s1: Local<'v128'>;
  readonly cos: Local<'v128'>;
  readonly sin: Local<'v128'>;
}

export function rotations(c: Code, rows: number): Rotation[] {
  return Array.from({ length: rows }, () => ({
    c1: c.local('v128'),
    s1: c.local('v128'),
    cos: c.local('v128'),
    sin: c.local('v128'),
  }));
}

/** Sets up each row's rotation from its z (in `z[i]`); afterwards (cos, sin) hold knot 1. */
export function startRotations(
  c: Code,
  pool: ConstantPool,
  rows: readonly Rotation[],
  z: readonly Local<'v128'>[],
  step: Local<'v128'>,
  scratch: readonly Local<'v128'>[],
): void {
  rows.forEach((row, i) => {
    sincosOfStepF32x4(c, pool, z[i]!, step, { cos: row.c1, sin: row.s1 }, scratch);
    c.set(row.cos, c.get(row.c1));
    c.set(row.sin, c.get(row.s1));
  });
}

/** (cos, sin) <- (cos c1 - sin s1, sin c1 + cos s1): the next knot. */
export function rotate(c: Code, row: Rotation, tmp: Local<'v128'>): void {
  c.set(
    tmp,
    c.f32x4.sub(c.f32x4.mul(c.get(row.cos), c.get(row.c1)), c.f32x4.mul(c.get(row.sin), c.get(row.s1))),
  );
  c.set(
    row.sin,
    c.f32x4.add(c.f32x4.mul(c.get(row.sin), c.get(row.c1)), c.f32x4.mul(c.get(row.cos), c.get(row.s1))),
  );
  c.set(row.cos, c.get(tmp));
}

/**
 * Walks knots 1 .. K-1 with `p` stepping KNOT_BYTES through a per-knot table
 * from `first` to `last` (inclusive): `visit` reads the rows' (cos, sin) at the
 * current knot, then the rows rotate to the next one (not after the last).
 */
export function forEachKnot(
  c: Code,
  p: Local<'i32'>,
  first: Local<'i32'>,
  last: Local<'i32'>,
  rows: readonly Rotation[],
  tmp: Local<'v128'>,
  visit: () => void,
): void {
  c.set(p, c.get(first));
  c.block((exit) => {
    c.loop((top) => {
      visit();
      c.brIf(exit, c.i32.ge_u(c.get(p), c.get(last)));
      for (const row of rows) rotate(c, row, tmp);
      c.set(p, c.i32.add(c.get(p), c.i32c(KNOT_BYTES)));
      c.br(top);
    });
  });
}
