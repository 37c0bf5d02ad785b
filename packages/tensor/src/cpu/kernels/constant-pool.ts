import type { Code, Val } from '../wasm/code-builder.js';
import { CONTROL_BYTES, CTRL } from './layout.js';

/** Room for v128 constants at the end of the control block (192). */
const CAPACITY = (CONTROL_BYTES - CTRL.constants) / 16;

/**
 * The v128 constants of the math kernels, kept in low memory (CTRL.constants):
 * V8 materialises a v128.const with three instructions each time it is used, a
 * constant here costs one load. The host writes `words()` once at startup.
 */
export class ConstantPool {
  private readonly slots = new Map<string, number>();
  private readonly lanes: number[] = [];

  /** The slot holding the four i32 `words` (a splat's lanes), added on first use. */
  private slot(...words: [number, number, number, number]): number {
    const key = words.join(',');
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.slots.size;
      if (slot >= CAPACITY) throw new RangeError('constant pool is full');
      this.slots.set(key, slot);
      this.lanes.push(...words);
    }
    return slot;
  }

  /** A splat f32 constant. */
  f32x4(c: Code, value: number): Val<'v128'> {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, value, true);
    const bits = view.getInt32(0, true);
    return c.v128.load(c.i32c(CTRL.constants + 16 * this.slot(bits, bits, bits, bits)));
  }

  /** A splat i32 constant. */
  i32x4(c: Code, value: number): Val<'v128'> {
    const bits = value | 0;
    return c.v128.load(c.i32c(CTRL.constants + 16 * this.slot(bits, bits, bits, bits)));
  }

  /** A splat f64 constant (two lanes). */
  f64x2(c: Code, value: number): Val<'v128'> {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    const lo = view.getInt32(0, true);
    const hi = view.getInt32(4, true);
    return c.v128.load(c.i32c(CTRL.constants + 16 * this.slot(lo, hi, lo, hi)));
  }

  /** Constants in use (at most CAPACITY). */
  get size(): number {
    return this.slots.size;
  }

  /** The pool's contents as i32 words, to be written at CTRL.constants. */
  words(): Int32Array {
    return Int32Array.from(this.lanes);
  }
}
