import type { Code, Val } from '../wasm/code-builder.js';
import { CTRL } from './layout.js';

/** Room for 64 v128 constants at the end of the control block. */
const CAPACITY = 64;

/**
 * The v128 constants of the math kernels, kept in low memory (CTRL.constants):
 * V8 materialises a v128.const with three instructions each time it is used, a
 * constant here costs one load. The host writes `words()` once at startup.
 */
export class ConstantPool {
  private readonly slots = new Map<string, number>();
  private readonly lanes: number[] = [];

  private slot(bits: number): number {
    const key = String(bits);
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.slots.size;
      if (slot >= CAPACITY) throw new RangeError('constant pool is full');
      this.slots.set(key, slot);
      this.lanes.push(bits, bits, bits, bits);
    }
    return slot;
  }

  /** A splat f32 constant. */
  f32x4(c: Code, value: number): Val<'v128'> {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, value, true);
    return c.v128.load(c.i32c(CTRL.constants + 16 * this.slot(view.getInt32(0, true))));
  }

  /** A splat i32 constant. */
  i32x4(c: Code, value: number): Val<'v128'> {
    return c.v128.load(c.i32c(CTRL.constants + 16 * this.slot(value | 0)));
  }

  /** The pool's contents as i32 words, to be written at CTRL.constants. */
  words(): Int32Array {
    return Int32Array.from(this.lanes);
  }
}
