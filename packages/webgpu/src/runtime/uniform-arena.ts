import { BufferUsage } from './gpu-flags.js';

const CHUNK_BYTES = 64 * 1024;

export interface UniformSlice {
  readonly buffer: GPUBuffer;
  readonly offset: number;
  readonly size: number;
}

/**
 * Kernel parameters for one command batch, packed into a few uniform buffers.
 *
 * `queue.writeBuffer` takes effect before the batch that is still being
 * recorded, so one uniform buffer rewritten per dispatch would leave every
 * dispatch of the batch with the last parameters. Instead each dispatch gets
 * its own aligned slice of a host-side copy, uploaded in one write per chunk
 * just before the batch is submitted. Queue operations run in order, so the
 * chunks are reused by the next batch without waiting.
 */
export class UniformArena {
  private readonly chunks: { buffer: GPUBuffer; host: Uint8Array<ArrayBuffer> }[] = [];
  private chunk = 0;
  private used = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly alignment: number,
  ) {}

  alloc(data: Uint32Array): UniformSlice {
    const size = Math.max(16, Math.ceil(data.byteLength / 16) * 16);
    if (this.used + size > CHUNK_BYTES) {
      this.chunk++;
      this.used = 0;
    }
    if (this.chunk === this.chunks.length) {
      const buffer = this.device.createBuffer({
        label: `isotropic uniforms ${this.chunk}`,
        size: CHUNK_BYTES,
        usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST,
      });
      this.chunks.push({ buffer, host: new Uint8Array(CHUNK_BYTES) });
    }
    const c = this.chunks[this.chunk]!;
    const offset = this.used;
    c.host.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    this.used = Math.ceil((offset + size) / this.alignment) * this.alignment;
    return { buffer: c.buffer, offset, size };
  }

  /** Uploads what this batch used; call right before submitting it. */
  upload(queue: GPUQueue): void {
    for (let i = 0; i <= this.chunk && i < this.chunks.length; i++) {
      const bytes = i < this.chunk ? CHUNK_BYTES : this.used;
      if (bytes > 0) queue.writeBuffer(this.chunks[i]!.buffer, 0, this.chunks[i]!.host, 0, bytes);
    }
    this.chunk = 0;
    this.used = 0;
  }

  destroy(): void {
    for (const c of this.chunks) c.buffer.destroy();
    this.chunks.length = 0;
  }
}
