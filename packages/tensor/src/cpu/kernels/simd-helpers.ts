import type { Code, Local, Val } from '../wasm/code-builder.js';

/** i8x16.shuffle byte lanes picking f32 lanes (0-3 from the first operand, 4-7 from the second). */
export function f32Lanes(a: number, b: number, c: number, d: number): number[] {
  return [a, b, c, d].flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]);
}

/**
 * Transposes a 4x4 block held in four v128 locals (rows in, columns out) with
 * eight shuffles; `out[i]` receives column i.
 */
export function transpose4x4(
  c: Code,
  rows: readonly Local<'v128'>[],
  tmp: readonly Local<'v128'>[],
  out: readonly Local<'v128'>[],
): void {
  const [r0, r1, r2, r3] = rows as [Local<'v128'>, Local<'v128'>, Local<'v128'>, Local<'v128'>];
  const [t0, t1, t2, t3] = tmp as [Local<'v128'>, Local<'v128'>, Local<'v128'>, Local<'v128'>];
  c.set(t0, c.v128.shuffle(c.get(r0), c.get(r1), f32Lanes(0, 4, 1, 5)));
  c.set(t1, c.v128.shuffle(c.get(r0), c.get(r1), f32Lanes(2, 6, 3, 7)));
  c.set(t2, c.v128.shuffle(c.get(r2), c.get(r3), f32Lanes(0, 4, 1, 5)));
  c.set(t3, c.v128.shuffle(c.get(r2), c.get(r3), f32Lanes(2, 6, 3, 7)));
  c.set(out[0]!, c.v128.shuffle(c.get(t0), c.get(t2), f32Lanes(0, 1, 4, 5)));
  c.set(out[1]!, c.v128.shuffle(c.get(t0), c.get(t2), f32Lanes(2, 3, 6, 7)));
  c.set(out[2]!, c.v128.shuffle(c.get(t1), c.get(t3), f32Lanes(0, 1, 4, 5)));
  c.set(out[3]!, c.v128.shuffle(c.get(t1), c.get(t3), f32Lanes(2, 3, 6, 7)));
}

/** min(a, b) for i32 values held in locals. */
export function minI32(c: Code, a: Local<'i32'>, b: Local<'i32'>): Val<'i32'> {
  return c.select(c.get(a), c.get(b), c.i32.lt_s(c.get(a), c.get(b)));
}
