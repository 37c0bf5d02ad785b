import { BackendError, type MemoryStats } from '@isotropic/tensor';
import type { ExprNode } from '../fusion/expr-node.js';
import type { PlanLimits } from '../fusion/fused-plan.js';
import { BufferPool } from './buffer-pool.js';
import { CommandBatch } from './command-batch.js';
import { capsOf, type DeviceCaps } from './device-caps.js';
import { FaultLog } from './fault-log.js';
import { formatBytes } from './format-bytes.js';
import { BufferUsage, MapMode } from './gpu-flags.js';
import { GpuStorage } from './gpu-storage.js';
import { grid1d } from './grid.js';
import { INDEX_FAULT_BYTES, IndexFaults } from './index-faults.js';
import { type Kernel, KernelCache } from './kernel.js';
import { PipelineCache } from './pipeline-cache.js';
import { UniformArena } from './uniform-arena.js';

export interface RuntimeOptions {
  /** Bytes of released storage buffers kept for reuse. */
  readonly poolBytes: number;
  /** Dispatches recorded before an automatic submit. */
  readonly maxBatchDispatches: number;
  /** Fuse chains of elementwise ops into one kernel (default on; off computes each op at once). */
  readonly fusion: boolean;
}

/** Computes a pending elementwise storage into a new buffer (kernels/fused-elementwise.ts). */
export type ElementwiseMaterializer = (rt: GpuRuntime, s: GpuStorage) => GPUBuffer;

const STORAGE_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;
const STAGING_USAGE = BufferUsage.MAP_READ | BufferUsage.COPY_DST;

/**
 * Everything between the kernels and the device: storage allocation (pooled),
 * dispatch recording (batched), readback (async), and error reporting.
 * Kernels only allocate, dispatch and release; they never wait.
 */
export class GpuRuntime {
  readonly caps: DeviceCaps;
  readonly kernels = new KernelCache();
  readonly faults = new FaultLog();
  readonly indexFaults: IndexFaults;
  readonly batch: CommandBatch;
  private readonly pipelines: PipelineCache;
  private readonly uniforms: UniformArena;
  private readonly pool: BufferPool;
  private readonly staging: BufferPool;
  private live = 0;
  private liveBytes = 0;
  private lostError: BackendError | undefined;
  private readonly lost: Promise<never>;

  constructor(
    readonly device: GPUDevice,
    adapterInfo: GPUAdapterInfo | undefined,
    private readonly opts: RuntimeOptions,
    private readonly computeElementwise: ElementwiseMaterializer,
  ) {
    this.caps = capsOf(device, adapterInfo);
    const report = (e: Error) => this.faults.report(e);
    this.pipelines = new PipelineCache(device, report);
    this.uniforms = new UniformArena(device, device.limits.minUniformBufferOffsetAlignment);
    this.batch = new CommandBatch(device, this.uniforms, opts.maxBatchDispatches, (e) =>
      report(e instanceof Error ? e : new BackendError(`webgpu: submit failed: ${String(e)}`)),
    );
    const retire = (b: GPUBuffer) => this.batch.whenSubmitted(() => b.destroy());
    const create = (size: number, usage: number) => this.createBuffer(size, usage);
    this.pool = new BufferPool({
      usage: STORAGE_USAGE,
      maxPooledBytes: opts.poolBytes,
      maxBufferBytes: this.caps.maxBindingBytes,
      create,
      retire,
    });
    this.staging = new BufferPool({
      usage: STAGING_USAGE,
      maxPooledBytes: Math.min(opts.poolBytes, 64 * 1024 * 1024),
      maxBufferBytes: device.limits.maxBufferSize,
      create,
      retire,
    });
    this.indexFaults = new IndexFaults(device);
    this.lost = new Promise<never>((_, reject) => {
      device.lost.then((info) => {
        this.lostError = new BackendError(
          `the WebGPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''}); pending reads are cancelled. Create a new backend to continue`,
        );
        reject(this.lostError);
      });
    });
    this.lost.catch(() => {});
    device.addEventListener('uncapturederror', (event) => {
      if (this.lostError) return;
      const error = (event as GPUUncapturedErrorEvent).error;
      report(new BackendError(`webgpu: ${error.message}`));
    });
  }

  get isLost(): boolean {
    return this.lostError !== undefined;
  }

  /** Throws the device-lost error, prefixed by `op`, once the device is gone. */
  checkAlive(op: string): void {
    if (this.lostError) throw new BackendError(`${op}: ${this.lostError.message}`);
  }

  /** Throws, naming the op, the size and the limit, when `elements` cannot fit one binding. */
  assertFits(op: string, elements: number): number {
    const bytes = elements * 4;
    if (bytes > this.caps.maxBindingBytes) {
      throw new BackendError(
        `${op}: a tensor of ${elements.toLocaleString('en-US')} elements needs ${formatBytes(bytes)}, more than this device's maxStorageBufferBindingSize of ${formatBytes(this.caps.maxBindingBytes)}`,
      );
    }
    return bytes;
  }

  /** A new storage of `elements` 4-byte elements, counted as live until released. */
  alloc(op: string, elements: number): GpuStorage {
    this.checkAlive(op);
    const bytes = this.assertFits(op, elements);
    const buffer = this.pool.acquire(Math.max(bytes, 4), this.batch.id, false);
    this.live++;
    this.liveBytes += bytes;
    return new GpuStorage(buffer, bytes, this);
  }

  /** A storage filled from host data (`queue.writeBuffer`, so never a buffer still in use by queued work). */
  upload(op: string, data: Float32Array | Int32Array | Uint32Array): GpuStorage {
    this.checkAlive(op);
    const bytes = this.assertFits(op, data.length);
    const buffer = this.pool.acquire(Math.max(bytes, 4), this.batch.id, true);
    if (bytes > 0) this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, bytes);
    this.live++;
    this.liveBytes += bytes;
    return new GpuStorage(buffer, bytes, this);
  }

  /**
   * A storage for a pending elementwise result (`node`), computed when first
   * used. Holds the node's inputs until then.
   */
  allocLazy(op: string, elements: number, node: ExprNode): GpuStorage {
    this.checkAlive(op);
    const bytes = this.assertFits(op, elements);
    const s = new GpuStorage(undefined, bytes, this);
    s.lazy = node;
    for (const input of node.inputs) input.storage.holders++;
    this.live++;
    this.liveBytes += bytes;
    if (!this.opts.fusion) this.materialize(s);
    return s;
  }

  /** A buffer for `elements` elements, for a storage being materialised. */
  bufferFor(op: string, elements: number): GPUBuffer {
    return this.pool.acquire(Math.max(this.assertFits(op, elements), 4), this.batch.id, false);
  }

  /** Computes a pending storage now (fused with the pending ops it reads). */
  materialize(s: GpuStorage): void {
    const node = s.lazy;
    if (!node || s.isMaterialized) return;
    this.checkAlive(node.spec.op);
    s.attach(this.computeElementwise(this, s));
    s.lazy = undefined;
    this.unhold(node);
  }

  /** Budgets for fused kernels with `outputs` output bindings. */
  fusionLimits(outputs: number): PlanLimits {
    return { maxLeaves: Math.min(8, this.caps.maxStorageBuffersPerStage - outputs), maxNodes: 24 };
  }

  release(storage: GpuStorage): void {
    if (storage.released) return;
    storage.released = true;
    this.live--;
    this.liveBytes -= storage.bytes;
    this.drop(storage);
  }

  /** Frees a storage nobody uses any more: its buffer back to the pool, or its pending inputs let go. */
  private drop(s: GpuStorage): void {
    if (!s.released || s.holders > 0) return;
    const node = s.lazy;
    s.lazy = undefined;
    const buffer = s.detach();
    if (buffer && !this.lostError) this.pool.release(buffer, this.batch.id);
    if (node) this.unhold(node);
  }

  private unhold(node: ExprNode): void {
    for (const input of node.inputs) {
      input.storage.holders--;
      this.drop(input.storage);
    }
  }

  /** Scratch space for one op (partial sums...); not counted as live. Return it with `releaseTemp`. */
  temp(op: string, elements: number): GPUBuffer {
    this.checkAlive(op);
    return this.pool.acquire(Math.max(this.assertFits(op, elements), 4), this.batch.id, false);
  }

  releaseTemp(buffer: GPUBuffer): void {
    if (!this.lostError) this.pool.release(buffer, this.batch.id);
  }

  memory(): MemoryStats {
    return { liveStorages: this.live, liveBytes: this.liveBytes, pooledStorages: this.pool.count };
  }

  /** Records one dispatch; `params` becomes the kernel's last (uniform) binding. */
  dispatch(
    kernel: Kernel,
    buffers: readonly GPUBuffer[],
    params: Uint32Array | undefined,
    x: number,
    y = 1,
    z = 1,
  ): void {
    this.checkAlive(kernel.op);
    const pipeline = this.pipelines.pipeline(kernel);
    const entries: GPUBindGroupEntry[] = buffers.map((buffer, binding) => ({
      binding,
      resource: { buffer },
    }));
    if (params) {
      const s = this.uniforms.alloc(params);
      entries.push({
        binding: entries.length,
        resource: { buffer: s.buffer, offset: s.offset, size: s.size },
      });
    }
    const bindGroup = this.device.createBindGroup({
      layout: this.pipelines.bindGroupLayout(kernel),
      entries,
    });
    this.batch.dispatch(pipeline, bindGroup, x, y, z);
  }

  /** Dispatches `workgroups` workgroups laid out by `grid1d`. */
  dispatch1d(
    kernel: Kernel,
    buffers: readonly GPUBuffer[],
    params: Uint32Array | undefined,
    workgroups: number,
  ): void {
    if (workgroups <= 0) return;
    const max = this.caps.maxWorkgroupsPerDim;
    if (workgroups > max * max) {
      throw new BackendError(
        `${kernel.op}: needs ${workgroups} workgroups, more than this device's maxComputeWorkgroupsPerDimension squared (${max}^2)`,
      );
    }
    const [x, y] = grid1d(workgroups, max);
    this.dispatch(kernel, buffers, params, x, y);
  }

  /** Submits recorded work now. */
  flush(): void {
    if (!this.lostError) this.batch.flush();
  }

  /**
   * Copies `bytes` of `source` to the host once queued work is done. Never
   * blocks the event loop (mapAsync). Rejects with the first pending GPU fault
   * (compile error, out-of-range index, ...) or when the device is lost.
   */
  async read(op: string, source: GPUBuffer | undefined, bytes: number): Promise<ArrayBuffer> {
    this.checkAlive(op);
    const withFaults = this.indexFaults.armed;
    const total = bytes + (withFaults ? INDEX_FAULT_BYTES : 0);
    const staging = total > 0 ? this.staging.acquire(total, this.batch.id, false) : undefined;
    if (staging) {
      const encoder = this.batch.commandEncoder();
      if (source && bytes > 0) encoder.copyBufferToBuffer(source, 0, staging, 0, bytes);
      if (withFaults) {
        encoder.copyBufferToBuffer(this.indexFaults.buffer, 0, staging, bytes, INDEX_FAULT_BYTES);
        encoder.clearBuffer(this.indexFaults.buffer);
        this.indexFaults.armed = false;
      }
    }
    this.batch.flush();
    let data = new ArrayBuffer(0);
    try {
      if (staging) {
        await Promise.race([staging.mapAsync(MapMode.READ, 0, total), this.lost]);
        data = staging.getMappedRange(0, total).slice(0);
        staging.unmap();
        this.staging.release(staging, this.batch.id);
      } else {
        await Promise.race([this.device.queue.onSubmittedWorkDone(), this.lost]);
      }
    } catch (error) {
      // A destroyed device fails the map before device.lost settles: give it a moment to say why.
      if (!this.lostError)
        await Promise.race([this.lost.catch(() => {}), new Promise((r) => setTimeout(r, 100))]);
      if (this.lostError) throw new BackendError(`${op}: ${this.lostError.message}`);
      throw new BackendError(`${op}: reading back from the GPU failed: ${(error as Error).message}`);
    }
    await this.pipelines.settled();
    const indexFault = withFaults ? IndexFaults.decode(new Uint32Array(data, bytes, 4)) : undefined;
    const fault = this.faults.take() ?? indexFault;
    if (fault) throw fault;
    return bytes === total ? data : data.slice(0, bytes);
  }

  private createBuffer(size: number, usage: number): GPUBuffer {
    this.device.pushErrorScope('out-of-memory');
    const buffer = this.device.createBuffer({ size, usage });
    this.device.popErrorScope().then(
      (error) => {
        if (error)
          this.faults.report(
            new BackendError(`webgpu: out of GPU memory allocating ${formatBytes(size)}: ${error.message}`),
          );
      },
      () => {},
    );
    return buffer;
  }

  /** Drops pooled buffers and, when `destroyDevice`, the device itself. */
  destroy(destroyDevice: boolean): void {
    this.pool.clear();
    this.staging.clear();
    if (destroyDevice) this.device.destroy();
  }
}
