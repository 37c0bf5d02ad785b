import type { DType, TypedArray } from './dtype.js';
import type { Shape } from './shape.js';
import type { View } from './view.js';

/**
 * Opaque storage owned by a backend: a typed array on the CPU, a GPUBuffer on
 * WebGPU. The tensor layer never looks inside; it only hands handles back.
 */
export interface StorageHandle {
  readonly __storage: unique symbol;
}

/** A strided window onto a storage: what every kernel reads. */
export interface Operand {
  readonly storage: StorageHandle;
  readonly view: View;
  readonly dtype: DType;
}

export type UnaryOp =
  | 'copy'
  | 'neg'
  | 'abs'
  | 'sign'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'recip'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'erf'
  | 'floor'
  | 'not';

export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'max'
  | 'min'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'eq'
  | 'ne';

export const COMPARISON_OPS: ReadonlySet<BinaryOp> = new Set(['lt', 'le', 'gt', 'ge', 'eq', 'ne']);

export type ReduceOp = 'sum' | 'max' | 'min' | 'argmax' | 'argmin';

export interface Conv2dParams {
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
}

export interface Pool2dParams {
  readonly mode: 'max' | 'avg';
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
}

export interface MemoryStats {
  /** Storages allocated and not yet released. */
  readonly liveStorages: number;
  readonly liveBytes: number;
  /** Storages parked in a reuse pool (GPU backends), not counted as live. */
  readonly pooledStorages?: number;
}

/**
 * The small set of primitives a backend implements. Every public op is composed
 * from these once, in the tensor layer, for all backends (tinygrad / jax-js style).
 *
 * Rules every backend follows:
 * - Kernels never block: they enqueue work and return a new storage handle at once.
 *   Only `read` (async) and the optional `readSync` wait for results.
 * - Outputs are fresh, contiguous (row-major) storages of the stated shape and dtype.
 * - Elementwise, where, reduce, cast and matmul accept arbitrary strided views
 *   (including stride 0 for broadcasting). The structured kernels (conv, pool,
 *   gather, scatterAdd, pad, concat) receive contiguous operands.
 * - Binary and where operands share the dtype (the tensor layer promotes first).
 * - Shapes are validated by the tensor layer before a kernel is called.
 */
export interface Backend {
  readonly name: string;
  /** Which dtypes this backend stores (WebGPU lacks float64). */
  supportsDType(dtype: DType): boolean;

  // ---- storage -------------------------------------------------------------
  /** Copies host data into a new storage. */
  upload(data: TypedArray, dtype: DType): StorageHandle;
  /** Reads `size` elements of a contiguous storage back to the host. */
  read(storage: StorageHandle, dtype: DType, size: number): Promise<TypedArray>;
  /** Synchronous read, only where the backend can do it without blocking a GPU. */
  readSync?(storage: StorageHandle, dtype: DType, size: number): TypedArray;
  /** Returns a storage to the backend (a pool or the allocator). Called once per storage. */
  release(storage: StorageHandle): void;
  memory(): MemoryStats;
  /** Submits queued work (a no-op for synchronous backends). */
  flush?(): void;

  // ---- elementwise -----------------------------------------------------------
  unary(op: UnaryOp, x: Operand): StorageHandle;
  /** Output dtype: `bool` for comparisons, else the operands' dtype. */
  binary(op: BinaryOp, a: Operand, b: Operand, outShape: Shape): StorageHandle;
  where(cond: Operand, a: Operand, b: Operand, outShape: Shape): StorageHandle;
  cast(x: Operand, dtype: DType): StorageHandle;

  // ---- reductions ------------------------------------------------------------
  /**
   * Reduces the trailing `reducedRank` dims of `x`'s view. The output has the
   * leading dims' shape; `argmax`/`argmin` need reducedRank 1 and give int32.
   */
  reduce(op: ReduceOp, x: Operand, reducedRank: number): StorageHandle;

  // ---- contractions ----------------------------------------------------------
  /** [...batch, M, K] @ [...batch, K, N] -> [...batch, M, N]; batch dims are equal (broadcast by stride 0). */
  matmul(a: Operand, b: Operand): StorageHandle;
  /** x [N, C, H, W], w [O, C/groups, KH, KW] -> [N, O, OH, OW]. */
  conv2d(x: Operand, w: Operand, p: Conv2dParams): StorageHandle;
  /** Gradient of conv2d w.r.t. its input, of shape `xShape`. */
  conv2dBackwardInput(dy: Operand, w: Operand, xShape: Shape, p: Conv2dParams): StorageHandle;
  /** Gradient of conv2d w.r.t. its weight, of shape `wShape`. */
  conv2dBackwardWeight(x: Operand, dy: Operand, wShape: Shape, p: Conv2dParams): StorageHandle;
  /** Max or average pooling over [N, C, H, W] (average counts padding, as PyTorch's default). */
  pool2d(x: Operand, p: Pool2dParams): StorageHandle;
  /** Gradient of pool2d w.r.t. its input (max routes to the first maximum). */
  pool2dBackward(x: Operand, dy: Operand, p: Pool2dParams): StorageHandle;

  // ---- data movement -----------------------------------------------------------
  /** out[p] = x[p with p[axis] := index[p]]; index is int32 with the output's shape. */
  gather(x: Operand, index: Operand, axis: number): StorageHandle;
  /** Zeros of `outShape`, then out[p with p[axis] := index[p]] += src[p]. */
  scatterAdd(src: Operand, index: Operand, axis: number, outShape: Shape): StorageHandle;
  /** Constant padding; `widths[i] = [before, after]`, non-negative. */
  pad(x: Operand, widths: readonly (readonly [number, number])[], value: number): StorageHandle;
  /** Concatenates same-rank operands along `axis`. */
  concat(xs: readonly Operand[], axis: number): StorageHandle;

  // ---- optional fused kernels (the tensor layer composes them when absent) ------
  /**
   * Empirical characteristic function of each column of z [N, M] at points t [K]:
   * out [2, K, M] with out[0,k,m] = mean_n cos(t_k z_nm), out[1,k,m] = mean_n sin(t_k z_nm).
   * The core of SIGReg's Epps–Pulley statistic.
   */
  ecf?(z: Operand, t: Operand): StorageHandle;
  /**
   * Gradient of `ecf` w.r.t. z, given g [2, K, M]:
   * dz[n,m] = sum_k t_k / N * (-sin(t_k z_nm) g[0,k,m] + cos(t_k z_nm) g[1,k,m]).
   */
  ecfBackward?(z: Operand, t: Operand, g: Operand): StorageHandle;
}

export function outShapeOfMatmul(a: Shape, b: Shape): number[] {
  return [...a.slice(0, -1), b[b.length - 1]!];
}
