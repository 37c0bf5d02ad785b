import type {
  Backend,
  BinaryOp,
  Conv2dParams,
  MemoryStats,
  Operand,
  Pool2dParams,
  ReduceOp,
  StorageHandle,
  UnaryOp,
} from '../backend.js';
import { COMPARISON_OPS } from '../backend.js';
import { allocTyped, type DType, type TypedArray } from '../dtype.js';
import { type Shape, sizeOf } from '../shape.js';
import { isContiguous } from '../view.js';
import { type CpuBackendOptions, type CpuKernelInfo, wasmContextFor } from './backend-options.js';
import { conv2dBackwardInputKernel, conv2dBackwardWeightKernel, conv2dKernel } from './conv.js';
import { ecfBackwardKernel, ecfKernel } from './ecf.js';
import { binaryKernel, castKernel, unaryKernel, whereKernel } from './elementwise.js';
import { matmulKernel } from './matmul.js';
import { concatKernel, gatherKernel, padKernel, scatterAddKernel } from './movement.js';
import { pool2dBackwardKernel, pool2dKernel } from './pool.js';
import { reduceKernel } from './reduce.js';
import { precompileKernels } from './runtime/wasm-runtime.js';
import type { WasmContext } from './wasm-ops/context.js';
import {
  convGeometry,
  wasmConv2d,
  wasmConv2dBackwardInput,
  wasmConv2dBackwardWeight,
} from './wasm-ops/conv.js';
import {
  wasmDepthwise,
  wasmDepthwiseBackwardInput,
  wasmDepthwiseBackwardWeight,
} from './wasm-ops/depthwise.js';
import { wasmEcf, wasmEcfBackward } from './wasm-ops/ecf.js';
import { wasmBinary, wasmUnary } from './wasm-ops/elementwise.js';
import { wasmMatmul } from './wasm-ops/matmul.js';
import { wasmReduce } from './wasm-ops/reduce.js';

export type { CpuBackendOptions, CpuKernelInfo } from './backend-options.js';

/**
 * The CPU backend, synchronous, every dtype including float64. Storage handles
 * are typed arrays. float32 kernels run as WebAssembly SIMD on a shared wasm
 * heap (float32 storages live there), threaded over worker threads; the
 * pure-TypeScript kernels are the fallback (other dtypes, `simd: false`, no
 * WebAssembly, an exhausted wasm heap) and the reference the wasm kernels are
 * tested against.
 */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  private live = 0;
  private liveBytes = 0;
  private readonly wasm: WasmContext | undefined;

  constructor(options: CpuBackendOptions = {}) {
    this.wasm = wasmContextFor(options);
  }

  /**
   * Like the constructor, but compiles the wasm kernels asynchronously first. Use
   * it on a browser's main thread, which may not compile them synchronously (the
   * constructor then falls back to the TypeScript kernels); elsewhere both are equal.
   */
  static async create(options: CpuBackendOptions = {}): Promise<CpuBackend> {
    if (options.simd !== false) await precompileKernels(options.sharedMemory ?? true);
    return new CpuBackend(options);
  }

  /** Which kernels float32 ops run on: WebAssembly SIMD (with its thread count) or TypeScript. */
  get kernels(): CpuKernelInfo {
    const rt = this.wasm?.runtime;
    return rt
      ? {
          simd: true,
          threads: rt.threads,
          sharedMemory: rt.shared,
          chunksOnWorkers: rt.workerChunks,
          heapBytes: rt.heap.reservedBytes,
        }
      : { simd: false, threads: 1, sharedMemory: false, chunksOnWorkers: 0, heapBytes: 0 };
  }

  supportsDType(_dtype: DType): boolean {
    return true;
  }

  /**
   * Registers a kernel result. float32 results of TypeScript kernels are moved to
   * the wasm heap, so every float32 storage can be read in place by wasm kernels.
   */
  private wrap(a: TypedArray): StorageHandle {
    if (a instanceof Float32Array && this.wasm?.runtime.shared && !this.wasm.owns(a)) {
      const resident = this.wasm.alloc(a.length);
      if (resident) {
        resident.set(a);
        a = resident;
      }
    }
    this.live++;
    this.liveBytes += a.byteLength;
    return a as unknown as StorageHandle;
  }

  private arr(h: StorageHandle): TypedArray {
    return h as unknown as TypedArray;
  }

  /** The float32 data of an operand when wasm kernels should run on it. */
  private f32(x: Operand): Float32Array | undefined {
    if (!this.wasm || this.wasm.runtime.failed || x.dtype !== 'float32') return undefined;
    return this.arr(x.storage) as Float32Array;
  }

  upload(data: TypedArray, dtype: DType): StorageHandle {
    // float32 goes straight to the wasm heap (wrap would otherwise copy it there)
    const copy =
      (dtype === 'float32' && this.wasm?.runtime.shared && this.wasm.alloc(data.length)) ||
      allocTyped(dtype, data.length);
    copy.set(data);
    return this.wrap(copy);
  }

  read(storage: StorageHandle, dtype: DType, size: number): Promise<TypedArray> {
    return Promise.resolve(this.readSync(storage, dtype, size));
  }

  readSync(storage: StorageHandle, _dtype: DType, size: number): TypedArray {
    return this.arr(storage).slice(0, size);
  }

  release(storage: StorageHandle): void {
    const a = this.arr(storage);
    this.live--;
    this.liveBytes -= a.byteLength;
    if (this.wasm?.owns(a)) this.wasm.free(a);
  }

  memory(): MemoryStats {
    return { liveStorages: this.live, liveBytes: this.liveBytes };
  }

  unary(op: UnaryOp, x: Operand): StorageHandle {
    const fx = this.f32(x);
    const fast = fx && this.wasm ? wasmUnary(this.wasm, op, x, fx) : undefined;
    return this.wrap(fast ?? unaryKernel(op, x, this.arr(x.storage)));
  }

  binary(op: BinaryOp, a: Operand, b: Operand, outShape: Shape): StorageHandle {
    const outDType: DType = COMPARISON_OPS.has(op) ? 'bool' : a.dtype;
    const fa = this.f32(a);
    const fb = this.f32(b);
    const fast = fa && fb && this.wasm ? wasmBinary(this.wasm, op, a, fa, b, fb, outShape) : undefined;
    if (fast && outDType === 'bool') return this.wrap(this.maskOf(fast));
    return this.wrap(
      fast ?? binaryKernel(op, a, this.arr(a.storage), b, this.arr(b.storage), outShape, outDType),
    );
  }

  /** The wasm comparison's int32 1 / 0 (in a float32 block) as a bool mask (bytes); the block is freed. */
  private maskOf(block: Float32Array): Uint8Array {
    const mask = new Uint8Array(new Int32Array(block.buffer, block.byteOffset, block.length));
    if (this.wasm?.owns(block)) this.wasm.free(block);
    return mask;
  }

  where(cond: Operand, a: Operand, b: Operand, outShape: Shape): StorageHandle {
    return this.wrap(
      whereKernel(cond, this.arr(cond.storage), a, this.arr(a.storage), b, this.arr(b.storage), outShape),
    );
  }

  cast(x: Operand, dtype: DType): StorageHandle {
    // a float32 result is written straight into the wasm heap, where wrap would copy it
    const into =
      dtype === 'float32' && this.wasm?.runtime.shared ? this.wasm.alloc(sizeOf(x.view.shape)) : undefined;
    return this.wrap(castKernel(x, this.arr(x.storage), dtype, into));
  }

  reduce(op: ReduceOp, x: Operand, reducedRank: number): StorageHandle {
    const fx = this.f32(x);
    const fast = fx && this.wasm ? wasmReduce(this.wasm, op, x, fx, reducedRank) : undefined;
    return this.wrap(fast ?? reduceKernel(op, x, this.arr(x.storage), reducedRank));
  }

  matmul(a: Operand, b: Operand): StorageHandle {
    const fa = this.f32(a);
    const fb = this.f32(b);
    const fast = fa && fb && this.wasm ? wasmMatmul(this.wasm, a, fa, b, fb) : undefined;
    return this.wrap(fast ?? matmulKernel(a, this.arr(a.storage), b, this.arr(b.storage)));
  }

  conv2d(x: Operand, w: Operand, p: Conv2dParams): StorageHandle {
    const fx = this.f32(x);
    const fw = this.f32(w);
    let fast: Float32Array | undefined;
    if (fx && fw && this.wasm) {
      const g = convGeometry(x.view.shape, w.view.shape, p);
      fast =
        g.Cg === 1 && g.Og === 1
          ? wasmDepthwise(this.wasm, fx, fw, { N: g.N, C: g.C, geometry: g.geometry })
          : wasmConv2d(this.wasm, fx, fw, g);
    }
    return this.wrap(
      fast ?? conv2dKernel(this.arr(x.storage), x.view.shape, this.arr(w.storage), w.view.shape, p, x.dtype),
    );
  }

  conv2dBackwardInput(dy: Operand, w: Operand, xShape: Shape, p: Conv2dParams): StorageHandle {
    const fdy = this.f32(dy);
    const fw = this.f32(w);
    let fast: Float32Array | undefined;
    if (fdy && fw && this.wasm) {
      const g = convGeometry(xShape, w.view.shape, p);
      fast =
        g.Cg === 1 && g.Og === 1
          ? wasmDepthwiseBackwardInput(this.wasm, fdy, fw, { N: g.N, C: g.C, geometry: g.geometry })
          : wasmConv2dBackwardInput(this.wasm, fdy, fw, g);
    }
    return this.wrap(
      fast ??
        conv2dBackwardInputKernel(
          this.arr(dy.storage),
          this.arr(w.storage),
          xShape,
          w.view.shape,
          p,
          dy.dtype,
        ),
    );
  }

  conv2dBackwardWeight(x: Operand, dy: Operand, wShape: Shape, p: Conv2dParams): StorageHandle {
    const fx = this.f32(x);
    const fdy = this.f32(dy);
    let fast: Float32Array | undefined;
    if (fx && fdy && this.wasm) {
      const g = convGeometry(x.view.shape, wShape, p);
      fast =
        g.Cg === 1 && g.Og === 1
          ? wasmDepthwiseBackwardWeight(this.wasm, fx, fdy, { N: g.N, C: g.C, geometry: g.geometry })
          : wasmConv2dBackwardWeight(this.wasm, fx, fdy, g);
    }
    return this.wrap(
      fast ??
        conv2dBackwardWeightKernel(
          this.arr(x.storage),
          this.arr(dy.storage),
          x.view.shape,
          wShape,
          p,
          x.dtype,
        ),
    );
  }

  pool2d(x: Operand, p: Pool2dParams): StorageHandle {
    return this.wrap(pool2dKernel(this.arr(x.storage), x.view.shape, p, x.dtype));
  }

  pool2dBackward(x: Operand, dy: Operand, p: Pool2dParams): StorageHandle {
    return this.wrap(
      pool2dBackwardKernel(this.arr(x.storage), x.view.shape, this.arr(dy.storage), p, x.dtype),
    );
  }

  gather(x: Operand, index: Operand, axis: number): StorageHandle {
    return this.wrap(
      gatherKernel(
        this.arr(x.storage),
        x.view.shape,
        this.arr(index.storage) as Int32Array,
        index.view.shape,
        axis,
        x.dtype,
      ),
    );
  }

  scatterAdd(src: Operand, index: Operand, axis: number, outShape: Shape): StorageHandle {
    return this.wrap(
      scatterAddKernel(
        this.arr(src.storage),
        src.view.shape,
        this.arr(index.storage) as Int32Array,
        outShape,
        axis,
        src.dtype,
      ),
    );
  }

  pad(x: Operand, widths: readonly (readonly [number, number])[], value: number): StorageHandle {
    return this.wrap(padKernel(this.arr(x.storage), x.view.shape, widths, value, x.dtype));
  }

  concat(xs: readonly Operand[], axis: number): StorageHandle {
    const parts = xs.map((x) => ({ data: this.arr(x.storage), shape: x.view.shape }));
    return this.wrap(concatKernel(parts, axis, xs[0]!.dtype));
  }

  /** The operand's elements in row-major order (the TypeScript ecf kernels read them so). */
  private dense(x: Operand): TypedArray {
    const a = this.arr(x.storage);
    return isContiguous(x.view) ? a : unaryKernel('copy', x, a);
  }

  ecf(z: Operand, t: Operand): StorageHandle {
    const fz = this.f32(z);
    const ft = this.f32(t);
    const fast = fz && ft && this.wasm ? wasmEcf(this.wasm, z, fz, t, ft) : undefined;
    if (fast) return this.wrap(fast);
    const [N, M] = z.view.shape as [number, number];
    return this.wrap(ecfKernel(this.dense(z), N, M, this.dense(t), z.dtype));
  }

  ecfBackward(z: Operand, t: Operand, g: Operand): StorageHandle {
    const fz = this.f32(z);
    const ft = this.f32(t);
    const fg = this.f32(g);
    const fast = fz && ft && fg && this.wasm ? wasmEcfBackward(this.wasm, z, fz, t, ft, g, fg) : undefined;
    if (fast) return this.wrap(fast);
    const [N, M] = z.view.shape as [number, number];
    return this.wrap(ecfBackwardKernel(this.dense(z), N, M, this.dense(t), this.dense(g), z.dtype));
  }
}
