import { sizeClass } from './size-class.js';

interface PooledBuffer {
  readonly buffer: GPUBuffer;
  /** The command batch during which the buffer was released. */
  readonly releasedInBatch: number;
}

export interface BufferPoolOptions {
  readonly usage: number;
  /** Bytes the pool may hold; releases beyond that are destroyed instead. */
  readonly maxPooledBytes: number;
  /** Largest size a buffer may have (a device limit); classes are capped to it. */
  readonly maxBufferBytes: number;
  /** Creates a buffer (the backend wraps creation in an out-of-memory error scope). */
  readonly create: (size: number, usage: number) => GPUBuffer;
  /** Destroys a buffer once no queued command can still use it. */
  readonly retire: (buffer: GPUBuffer) => void;
}

/**
 * GPU buffers recycled by size class. A released buffer goes back on its
 * class's free list and the next request of that class reuses it, so a
 * training loop that repeats the same shapes stops allocating after one step.
 *
 * Reuse is safe for kernel outputs even while earlier commands that read the
 * buffer are still queued: commands run in order. It is not safe for
 * `queue.writeBuffer`, which runs before the commands still being recorded, so
 * host uploads skip buffers released during the batch being recorded.
 */
export class BufferPool {
  private readonly free = new Map<number, PooledBuffer[]>();
  private pooledBytes = 0;
  private pooledCount = 0;

  constructor(private readonly opts: BufferPoolOptions) {}

  /** The capacity a request of `bytes` gets (its class, capped by the device limit). */
  capacityFor(bytes: number): number {
    return Math.max(bytes, Math.min(sizeClass(bytes), this.opts.maxBufferBytes));
  }

  /**
   * A buffer of at least `bytes`. `recordingBatch` is the batch now being
   * recorded; with `forHostWrite`, buffers released during it are skipped.
   */
  acquire(bytes: number, recordingBatch: number, forHostWrite: boolean): GPUBuffer {
    const cap = this.capacityFor(bytes);
    const list = this.free.get(cap);
    if (list && list.length > 0) {
      let i = list.length - 1;
      if (forHostWrite) while (i >= 0 && list[i]!.releasedInBatch >= recordingBatch) i--;
      if (i >= 0) {
        const [entry] = list.splice(i, 1);
        this.pooledBytes -= cap;
        this.pooledCount--;
        return entry!.buffer;
      }
    }
    return this.opts.create(cap, this.opts.usage);
  }

  release(buffer: GPUBuffer, recordingBatch: number): void {
    const cap = buffer.size;
    if (this.pooledBytes + cap > this.opts.maxPooledBytes) {
      this.opts.retire(buffer);
      return;
    }
    let list = this.free.get(cap);
    if (!list) {
      list = [];
      this.free.set(cap, list);
    }
    list.push({ buffer, releasedInBatch: recordingBatch });
    this.pooledBytes += cap;
    this.pooledCount++;
  }

  get count(): number {
    return this.pooledCount;
  }

  get bytes(): number {
    return this.pooledBytes;
  }

  /** Retires every pooled buffer (e.g. to hand memory back between experiments). */
  clear(): void {
    for (const list of this.free.values()) for (const e of list) this.opts.retire(e.buffer);
    this.free.clear();
    this.pooledBytes = 0;
    this.pooledCount = 0;
  }
}
