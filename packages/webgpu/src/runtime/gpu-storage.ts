import { BackendError, type StorageHandle } from '@isotropic/tensor';
import type { ExprNode } from '../fusion/expr-node.js';

/**
 * What a WebGPU storage handle really is. Either a pooled GPUBuffer, or, for
 * an elementwise result nobody has needed yet, the expression that computes it
 * (`lazy`): consecutive elementwise ops are fused into one kernel when the
 * result is first used (see src/fusion).
 *
 * Lifetime: `released` once the tensor layer lets go; `holders` counts lazy
 * expressions that still read this storage. The buffer returns to the pool
 * only when both are done, so a pending expression never reads a reused buffer.
 */
export class GpuStorage {
  released = false;
  holders = 0;
  lazy: ExprNode | undefined;
  private gpuBuffer: GPUBuffer | undefined;

  constructor(
    buffer: GPUBuffer | undefined,
    /** Bytes requested (4 per element for every supported dtype). */
    readonly bytes: number,
    /** The runtime that owns the buffer, to catch handles passed to the wrong backend. */
    readonly owner: object,
  ) {
    this.gpuBuffer = buffer;
  }

  get isMaterialized(): boolean {
    return this.gpuBuffer !== undefined;
  }

  /** The buffer; kernels only see materialised storages (asStorage materialises). */
  get buffer(): GPUBuffer {
    if (!this.gpuBuffer) throw new Error('internal: storage used before it was materialised');
    return this.gpuBuffer;
  }

  /** @internal Sets the buffer once the lazy expression has been computed into it. */
  attach(buffer: GPUBuffer): void {
    this.gpuBuffer = buffer;
  }

  /** @internal Gives the buffer up (to the pool). */
  detach(): GPUBuffer | undefined {
    const b = this.gpuBuffer;
    this.gpuBuffer = undefined;
    return b;
  }
}

export function asHandle(s: GpuStorage): StorageHandle {
  return s as unknown as StorageHandle;
}

/** Anything that can compute a lazy storage: the runtime. */
interface Materializer {
  materialize(s: GpuStorage): void;
}

/** The storage behind a handle, computed if it was still a pending expression. */
export function asStorage(op: string, h: StorageHandle, owner: Materializer): GpuStorage {
  const s = lazyStorage(op, h, owner);
  if (!s.isMaterialized) owner.materialize(s);
  return s;
}

/** The storage behind a handle, without computing it (for elementwise ops that may fuse it). */
export function lazyStorage(op: string, h: StorageHandle, owner: object): GpuStorage {
  const s = h as unknown as GpuStorage;
  if (!(s instanceof GpuStorage) || s.owner !== owner) {
    throw new BackendError(`${op}: the storage does not belong to this webgpu backend`);
  }
  if (s.released) throw new BackendError(`${op}: the storage was already released`);
  return s;
}
