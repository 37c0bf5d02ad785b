import {
  type Backend,
  type BinaryOp,
  type Conv2dParams,
  type DType,
  DTypeError,
  type MemoryStats,
  type Operand,
  type Pool2dParams,
  type ReduceOp,
  type Shape,
  type StorageHandle,
  type TypedArray,
  type UnaryOp,
} from '@isotropic/tensor';
import {
  conv2dBackwardInputKernelRun,
  conv2dBackwardWeightKernelRun,
  conv2dKernel,
} from './kernels/conv2d.js';
import { ecfKernel } from './kernels/ecf.js';
import { ecfBackwardKernel } from './kernels/ecf-backward.js';
import { binaryKernel, castKernel, unaryKernel, whereKernel } from './kernels/elementwise.js';
import { gatherKernel, scatterAddKernel } from './kernels/indexing.js';
import { type MatmulOptions, matmulKernel } from './kernels/matmul.js';
import { concatKernel, padKernel } from './kernels/pad-concat.js';
import { pool2dBackwardKernel, pool2dKernel } from './kernels/pool2d.js';
import { reduceKernel } from './kernels/reduce.js';
import type { DeviceCaps } from './runtime/device-caps.js';
import type { GpuRuntime } from './runtime/gpu-runtime.js';
import { asHandle, asStorage, type GpuStorage } from './runtime/gpu-storage.js';
import { assertGpuDType, isGpuDType } from './wgsl/dtypes.js';

/**
 * The WebGPU implementation of @isotropic/tensor's Backend: every primitive is
 * a WGSL kernel (src/kernels), recorded into a command batch that is submitted
 * when results are read, when the batch is large, or at the end of the task.
 *
 * Storage: one pooled GPUBuffer per storage, 4 bytes per element; bool is u32
 * 0/1 (WGSL has no 8-bit storage), float64 is not supported.
 * Kernels never block; `read` is asynchronous and there is no `readSync`.
 * Errors the GPU finds later (WGSL compile errors, out-of-range gather and
 * scatter indices, validation and out-of-memory errors) are thrown by the
 * next `read` or `sync()`; a lost device rejects pending reads and makes
 * every later call throw.
 */
export class WebGPUBackend implements Backend {
  readonly name = 'webgpu';

  constructor(
    /** @internal */ readonly runtime: GpuRuntime,
    private readonly matmulOptions: MatmulOptions,
    private readonly ownsDevice: boolean,
    /** Keeps the GPU instance (Node's Dawn) alive as long as the backend: Dawn crashes if it is collected first. */
    private readonly gpuInstance: GPU | undefined,
  ) {}

  get device(): GPUDevice {
    return this.runtime.device;
  }

  /** Limits and properties the kernels adapt to (software adapter, f16, ...). */
  get caps(): DeviceCaps {
    return this.runtime.caps;
  }

  /** The GPU instance this backend was created from, if it made one. */
  get gpu(): GPU | undefined {
    return this.gpuInstance;
  }

  supportsDType(dtype: DType): boolean {
    return isGpuDType(dtype);
  }

  // ---- storage -------------------------------------------------------------

  upload(data: TypedArray, dtype: DType): StorageHandle {
    const t = assertGpuDType('upload', dtype);
    let words: Float32Array | Int32Array | Uint32Array;
    if (t === 'float32') words = data instanceof Float32Array ? data : Float32Array.from(data);
    else if (t === 'int32') words = data instanceof Int32Array ? data : Int32Array.from(data);
    else words = Uint32Array.from(data);
    return asHandle(this.runtime.upload('upload', words));
  }

  async read(storage: StorageHandle, dtype: DType, size: number): Promise<TypedArray> {
    const t = assertGpuDType('read', dtype);
    this.runtime.checkAlive('read');
    const s = asStorage('read', storage, this.runtime);
    const bytes = await this.runtime.read('read', s.buffer, Math.min(size * 4, s.bytes));
    if (t === 'float32') return new Float32Array(bytes);
    if (t === 'int32') return new Int32Array(bytes);
    return Uint8Array.from(new Uint32Array(bytes));
  }

  release(storage: StorageHandle): void {
    const s = storage as unknown as GpuStorage;
    if (s.owner !== this.runtime) return;
    this.runtime.release(s);
  }

  memory(): MemoryStats {
    return this.runtime.memory();
  }

  flush(): void {
    this.runtime.flush();
  }

  /**
   * Waits until all queued work has run, then throws the first GPU error it
   * produced, if any. A fence for benchmarks and a checkpoint for tests.
   */
  async sync(): Promise<void> {
    await this.runtime.read('sync', undefined, 0);
  }

  /** Frees pooled buffers; also destroys the device if the backend created it. */
  destroy(): void {
    this.runtime.destroy(this.ownsDevice);
  }

  // ---- kernels ---------------------------------------------------------------

  unary(op: UnaryOp, x: Operand): StorageHandle {
    return asHandle(unaryKernel(this.runtime, op, x));
  }

  binary(op: BinaryOp, a: Operand, b: Operand, outShape: Shape): StorageHandle {
    return asHandle(binaryKernel(this.runtime, op, a, b, outShape));
  }

  where(cond: Operand, a: Operand, b: Operand, outShape: Shape): StorageHandle {
    return asHandle(whereKernel(this.runtime, cond, a, b, outShape));
  }

  cast(x: Operand, dtype: DType): StorageHandle {
    if (!isGpuDType(dtype)) throw new DTypeError(`cast: the webgpu backend does not support ${dtype}`);
    return asHandle(castKernel(this.runtime, x, dtype));
  }

  reduce(op: ReduceOp, x: Operand, reducedRank: number): StorageHandle {
    return asHandle(reduceKernel(this.runtime, op, x, reducedRank));
  }

  matmul(a: Operand, b: Operand): StorageHandle {
    return asHandle(matmulKernel(this.runtime, a, b, this.matmulOptions));
  }

  conv2d(x: Operand, w: Operand, p: Conv2dParams): StorageHandle {
    return asHandle(conv2dKernel(this.runtime, x, w, p));
  }

  conv2dBackwardInput(dy: Operand, w: Operand, xShape: Shape, p: Conv2dParams): StorageHandle {
    return asHandle(conv2dBackwardInputKernelRun(this.runtime, dy, w, xShape, p));
  }

  conv2dBackwardWeight(x: Operand, dy: Operand, wShape: Shape, p: Conv2dParams): StorageHandle {
    return asHandle(conv2dBackwardWeightKernelRun(this.runtime, x, dy, wShape, p));
  }

  pool2d(x: Operand, p: Pool2dParams): StorageHandle {
    return asHandle(pool2dKernel(this.runtime, x, p));
  }

  pool2dBackward(x: Operand, dy: Operand, p: Pool2dParams): StorageHandle {
    return asHandle(pool2dBackwardKernel(this.runtime, x, dy, p));
  }

  gather(x: Operand, index: Operand, axis: number): StorageHandle {
    return asHandle(gatherKernel(this.runtime, x, index, axis));
  }

  scatterAdd(src: Operand, index: Operand, axis: number, outShape: Shape): StorageHandle {
    return asHandle(scatterAddKernel(this.runtime, src, index, axis, outShape));
  }

  pad(x: Operand, widths: readonly (readonly [number, number])[], value: number): StorageHandle {
    return asHandle(padKernel(this.runtime, x, widths, value));
  }

  concat(xs: readonly Operand[], axis: number): StorageHandle {
    return asHandle(concatKernel(this.runtime, xs, axis));
  }

  // ---- optional fused kernels ------------------------------------------------

  ecf(z: Operand, t: Operand): StorageHandle {
    return asHandle(ecfKernel(this.runtime, z, t));
  }

  ecfBackward(z: Operand, t: Operand, g: Operand): StorageHandle {
    return asHandle(ecfBackwardKernel(this.runtime, z, t, g));
  }
}
