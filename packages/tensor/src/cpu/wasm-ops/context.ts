import type { JobKind } from '../kernels/layout.js';
import type { WasmRuntime } from '../runtime/wasm-runtime.js';

/** An operand's address in wasm memory, and how to give back a staged copy. */
export interface Placed {
  readonly ptr: number;
  release(): void;
}

/** A kernel's output block: its address, and the array the backend returns. */
export interface Output {
  readonly ptr: number;
  /** The finished result (a heap view, or a copy out of the staging area). */
  finish(): Float32Array;
  /** Gives the block back when the kernel bails out. */
  abandon(): void;
}

/**
 * What the wasm kernels need from the backend: placing operands in wasm memory
 * (in place when they already live there, staged otherwise), output blocks,
 * temporary blocks, and the decision to use threads for a given amount of work.
 */
export class WasmContext {
  constructor(readonly runtime: WasmRuntime) {}

  get threads(): number {
    return this.runtime.threads;
  }

  /** Floating-point operations below which waking workers costs more than it saves. */
  static readonly PARALLEL_MIN_WORK = 1 << 17;

  parallel(work: number): boolean {
    return this.runtime.threads > 1 && work >= WasmContext.PARALLEL_MIN_WORK;
  }

  /** A float32 array on the wasm heap, or undefined if the memory is exhausted. */
  alloc(length: number): Float32Array | undefined {
    const ptr = this.runtime.heap.alloc(4 * length);
    return ptr === undefined ? undefined : this.runtime.floats(ptr, length);
  }

  /** Whether `a` is a heap array of this runtime (so `free` may be called on it). */
  owns(a: ArrayBufferView): boolean {
    return this.runtime.owns(a);
  }

  free(a: ArrayBufferView): void {
    this.runtime.heap.free(a.byteOffset);
  }

  /** Temporary bytes (tables, intermediate buffers), or undefined when out of memory. */
  temp(bytes: number): Placed | undefined {
    const ptr = this.runtime.heap.allocTemp(bytes);
    if (ptr === undefined) return undefined;
    return { ptr, release: () => this.runtime.heap.free(ptr) };
  }

  /** The operand in wasm memory: in place if resident, else a staged copy. */
  place(a: Float32Array): Placed | undefined {
    if (this.owns(a)) return { ptr: a.byteOffset, release: () => {} };
    const t = this.temp(a.byteLength);
    if (!t) return undefined;
    this.runtime.floats(t.ptr, a.length).set(a);
    return t;
  }

  /**
   * An output block: a heap storage when one fits (returned in place), else a
   * temporary whose contents are copied out to an ordinary array (always so with
   * a private memory).
   */
  output(length: number): Output | undefined {
    const rt = this.runtime;
    const resident = rt.shared ? rt.heap.alloc(4 * length) : undefined;
    const ptr = resident ?? rt.heap.allocTemp(4 * length);
    if (ptr === undefined) return undefined;
    return {
      ptr,
      finish: () => {
        if (resident !== undefined) return rt.floats(ptr, length);
        const copy = rt.floats(ptr, length).slice();
        rt.heap.free(ptr);
        return copy;
      },
      abandon: () => rt.heap.free(ptr),
    };
  }

  run(kind: JobKind, chunks: number, work: number): void {
    this.runtime.run(kind, chunks, this.parallel(work));
  }
}

/** Places several operands; releases everything and returns undefined if any fails. */
export function placeAll(ctx: WasmContext, arrays: readonly Float32Array[]): Placed[] | undefined {
  const placed: Placed[] = [];
  for (const a of arrays) {
    const p = ctx.place(a);
    if (!p) {
      for (const q of placed) q.release();
      return undefined;
    }
    placed.push(p);
  }
  return placed;
}
