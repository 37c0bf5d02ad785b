import type { Operand } from '../../backend.js';
import { uniformStepOf } from '../ecf.js';
import { ECF_FLUSH_ROWS, ECF_SCRATCH_PER_KNOT } from '../kernels/ecf.js';
import { JOB_KIND } from '../kernels/layout.js';
import { ECF_OUTPUT, ECF_PARAM } from '../kernels/params.js';
import { SCRATCH_BYTES } from '../runtime/wasm-runtime.js';
import { type Placed, placeAll, type WasmContext } from './context.js';

/**
 * Host side of the fused characteristic-function kernels. Both need a uniform
 * grid t = [0, d, 2d, ...] (the TypeScript kernel's recurrence contract; SIGReg's
 * grid is one); other grids, K < 2 and empty z stay in TypeScript.
 *
 * Chunks are fixed by the shape alone, never by the thread count, so results
 * are bit-identical for any number of threads.
 */

/** Column vectors (of 4 columns) per chunk: 16 columns, a cache line of a contiguous row. */
const VECS_PER_CHUNK = 4;
/** The forward job splits rows when its column chunks are fewer than this. */
const MIN_CHUNKS = 32;
/** Fewest rows in a forward row chunk (each one adds a [2, K, M] f64 partial to combine). */
const MIN_ROWS_PER_CHUNK = 256;
/** Backward chunks: rows per chunk so that one holds about this many elements. */
const BACKWARD_CHUNK_ELEMENTS = 1 << 13;
/** Flops per element and knot (the rotation plus the accumulation), for the threading threshold. */
const FLOPS_PER_KNOT = 8;

interface Grid {
  readonly K: number;
  /** t_1, the rotation step (a float32 value). */
  readonly step: number;
  readonly t: Float32Array;
}

function gridOf(t: Operand, data: Float32Array): Grid | undefined {
  const K = t.view.shape[0]!;
  if (K < 2 || VECS_PER_CHUNK * (K - 1) * ECF_SCRATCH_PER_KNOT > SCRATCH_BYTES) return undefined;
  const values = new Float32Array(K);
  for (let k = 0; k < K; k++) values[k] = data[t.view.offset + k * t.view.strides[0]!]!;
  const step = uniformStepOf(values);
  return step === undefined ? undefined : { K, step, t: values };
}

function f32Bits(x: number): number {
  return new Int32Array(Float32Array.of(x).buffer)[0]!;
}

function columnChunks(M: number): number {
  return Math.ceil(Math.ceil(M / 4) / VECS_PER_CHUNK);
}

/** Rows per forward chunk: all of them, unless there are too few column chunks to share out. */
function forwardRowsPerChunk(N: number, colChunks: number): number {
  if (colChunks >= MIN_CHUNKS) return N;
  const rowChunks = Math.max(
    1,
    Math.min(Math.ceil(MIN_CHUNKS / colChunks), Math.floor(N / MIN_ROWS_PER_CHUNK)),
  );
  return Math.ceil(N / rowChunks / ECF_FLUSH_ROWS) * ECF_FLUSH_ROWS;
}

function zParams(z: Operand, placed: Placed, grid: Grid) {
  const [N, M] = z.view.shape as [number, number];
  return {
    z: placed.ptr + 4 * z.view.offset,
    N,
    M,
    sN: z.view.strides[0]!,
    sM: z.view.strides[1]!,
    K: grid.K,
    step: f32Bits(grid.step),
    vecsPerChunk: VECS_PER_CHUNK,
    colChunks: columnChunks(M),
  };
}

/** ecf on float32 z [N, M] (any strides): out [2, K, M], or undefined to use TypeScript. */
export function wasmEcf(
  ctx: WasmContext,
  z: Operand,
  zData: Float32Array,
  t: Operand,
  tData: Float32Array,
): Float32Array | undefined {
  const [N, M] = z.view.shape as [number, number];
  const grid = gridOf(t, tData);
  if (!grid || N === 0 || M === 0) return undefined;
  const K = grid.K;
  const colChunks = columnChunks(M);
  const rowsPerChunk = forwardRowsPerChunk(N, colChunks);
  const rowChunks = Math.ceil(N / rowsPerChunk);
  const mPad = 4 * Math.ceil(M / 4);
  const out = ctx.output(2 * K * M);
  const partials = out && rowChunks > 1 ? ctx.temp(8 * rowChunks * 2 * (K - 1) * mPad) : undefined;
  const placed = out && (rowChunks === 1 || partials) ? placeAll(ctx, [zData]) : undefined;
  if (!out || !placed) {
    out?.abandon();
    partials?.release();
    return undefined;
  }
  ctx.runtime.setParams(ECF_PARAM, {
    ...zParams(z, placed[0]!, grid),
    rowsPerChunk,
    output: partials ? ECF_OUTPUT.partialSums : ECF_OUTPUT.means,
    out: partials ? partials.ptr : out.ptr,
    table: 0,
  });
  ctx.run(JOB_KIND.ecf, rowChunks * colChunks, FLOPS_PER_KNOT * N * M * K);
  placed[0]!.release();
  const means = ctx.runtime.floats(out.ptr, 2 * K * M);
  // knot 0: cos 0 = 1 and sin 0 = 0 for every row (the kernels start at knot 1)
  means.fill(1, 0, M);
  means.fill(0, K * M, (K + 1) * M);
  if (partials) {
    const sums = new Float64Array(ctx.runtime.buffer, partials.ptr, rowChunks * 2 * (K - 1) * mPad);
    combinePartials(sums, means, { N, M, K, mPad, rowChunks });
    partials.release();
  }
  return out.finish();
}

/** means[s, k, m] = (sum over row chunks, in order, of the f64 sums) / N. */
function combinePartials(
  sums: Float64Array,
  means: Float32Array,
  d: { N: number; M: number; K: number; mPad: number; rowChunks: number },
): void {
  const plane = (d.K - 1) * d.mPad;
  for (let s = 0; s < 2; s++) {
    for (let k = 1; k < d.K; k++) {
      for (let m = 0; m < d.M; m++) {
        let total = 0;
        for (let r = 0; r < d.rowChunks; r++) total += sums[(2 * r + s) * plane + (k - 1) * d.mPad + m]!;
        means[(s * d.K + k) * d.M + m] = total / d.N;
      }
    }
  }
}

/**
 * The backward kernel's per-column coefficients w_k (its Horner polynomial's),
 * per column vector j and knot k >= 1: four lanes of t_k g[1, k, m] / N, then
 * four of t_k g[0, k, m] / N (f64 products rounded once, as the TypeScript
 * kernel's; missing columns 0).
 */
function coefficientTable(
  into: Float32Array,
  g: Operand,
  gData: Float32Array,
  grid: Grid,
  N: number,
  M: number,
): void {
  const { K, t } = grid;
  const [s0, s1, s2] = g.view.strides as [number, number, number];
  const vectorFloats = 8 * (K - 1);
  // lanes past the last column (a ragged last vector) must add nothing
  into.fill(0, (Math.ceil(M / 4) - 1) * vectorFloats);
  for (let k = 1; k < K; k++) {
    const tk = t[k]!;
    for (let part = 0; part < 2; part++) {
      const src = g.view.offset + part * s0 + k * s1;
      // g[1] (the sine cotangent) first, then g[0]
      const dst = 8 * (k - 1) + 4 * (1 - part);
      for (let m = 0; m < M; m++) {
        into[dst + (m >> 2) * vectorFloats + (m & 3)] = (tk * gData[src + m * s2]!) / N;
      }
    }
  }
}

/** ecfBackward on float32 z [N, M] (any strides) and g [2, K, M]: dz [N, M], or undefined to use TypeScript. */
export function wasmEcfBackward(
  ctx: WasmContext,
  z: Operand,
  zData: Float32Array,
  t: Operand,
  tData: Float32Array,
  g: Operand,
  gData: Float32Array,
): Float32Array | undefined {
  const [N, M] = z.view.shape as [number, number];
  const grid = gridOf(t, tData);
  if (!grid || N === 0 || M === 0) return undefined;
  const K = grid.K;
  const tableFloats = 8 * (K - 1) * Math.ceil(M / 4);
  const out = ctx.output(N * M);
  const table = out && ctx.temp(4 * tableFloats);
  const placed = table && placeAll(ctx, [zData]);
  if (!out || !table || !placed) {
    out?.abandon();
    table?.release();
    return undefined;
  }
  coefficientTable(ctx.runtime.floats(table.ptr, tableFloats), g, gData, grid, N, M);
  const rowsPerChunk = Math.max(ECF_FLUSH_ROWS, Math.ceil(BACKWARD_CHUNK_ELEMENTS / (4 * VECS_PER_CHUNK)));
  const colChunks = columnChunks(M);
  ctx.runtime.setParams(ECF_PARAM, {
    ...zParams(z, placed[0]!, grid),
    rowsPerChunk,
    output: ECF_OUTPUT.means,
    out: out.ptr,
    table: table.ptr,
  });
  ctx.run(JOB_KIND.ecfBackward, Math.ceil(N / rowsPerChunk) * colChunks, FLOPS_PER_KNOT * N * M * K);
  placed[0]!.release();
  table.release();
  return out.finish();
}
