import type { Operand } from '../../backend.js';
import { contiguousStrides, sizeOf } from '../../shape.js';
import { B_SOURCE } from '../kernels/params.js';
import { placeAll, type WasmContext } from './context.js';
import { type GemmGroup, runGemm } from './gemm.js';

/** Visits every index of `shape` in row-major order with per-operand offsets (strides in elements). */
function forEachIndex(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  visit: (offsets: readonly number[]) => void,
): void {
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  const off = strides.map(() => 0);
  const total = sizeOf(shape);
  for (let n = 0; n < total; n++) {
    visit(off);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      strides.forEach((s, k) => {
        off[k]! += s[d]!;
      });
      if (idx[d]! < shape[d]!) break;
      strides.forEach((s, k) => {
        off[k]! -= s[d]! * shape[d]!;
      });
      idx[d] = 0;
    }
  }
}

/**
 * Whether A's batch dims continue its row dim with one stride, so the batch can
 * be folded into M (x [B, T, D] @ W [D, E] becomes one [B*T, D] @ [D, E] GEMM).
 */
function foldsIntoRows(
  batch: readonly number[],
  aBatchStrides: readonly number[],
  M: number,
  aRs: number,
): boolean {
  let expected = M * aRs;
  for (let d = batch.length - 1; d >= 0; d--) {
    if (batch[d] === 1) continue;
    if (aBatchStrides[d] !== expected) return false;
    expected *= batch[d]!;
  }
  return true;
}

/** Batched float32 matmul on the wasm GEMM; undefined when wasm memory is exhausted. */
export function wasmMatmul(
  ctx: WasmContext,
  a: Operand,
  aData: Float32Array,
  b: Operand,
  bData: Float32Array,
): Float32Array | undefined {
  const r = a.view.shape.length;
  const M = a.view.shape[r - 2]!;
  const K = a.view.shape[r - 1]!;
  const N = b.view.shape[r - 1]!;
  const batch = a.view.shape.slice(0, r - 2);
  const out = ctx.output(sizeOf(batch) * M * N);
  if (!out) return undefined;
  if (sizeOf(batch) * M * N === 0 || K === 0) {
    const result = out.finish();
    result.fill(0);
    return result;
  }
  const placed = placeAll(ctx, [aData, bData]);
  if (!placed) {
    out.abandon();
    return undefined;
  }
  const [pa, pb] = placed as [{ ptr: number; release(): void }, { ptr: number; release(): void }];
  try {
    const aRs = a.view.strides[r - 2]!;
    const aCs = a.view.strides[r - 1]!;
    const bRs = b.view.strides[r - 2]!;
    const bCs = b.view.strides[r - 1]!;
    const aBatch = a.view.strides.slice(0, r - 2);
    const bBatch = b.view.strides.slice(0, r - 2);
    const aBase = pa.ptr + 4 * a.view.offset;
    const bBase = pb.ptr + 4 * b.view.offset;
    const shared = { K, N, aRs, aCs, bRs, bCs, ldc: N, bSource: B_SOURCE.strided };
    let ok: boolean;
    if (bBatch.every((s) => s === 0) && foldsIntoRows(batch, aBatch, M, aRs)) {
      ok = runGemm(ctx, {
        ...shared,
        M: M * sizeOf(batch),
        groups: [{ c: out.ptr, segments: [{ a: aBase, b: bBase }] }],
      });
    } else {
      const groups: GemmGroup[] = [];
      const outStrides = contiguousStrides(batch).map((s) => s * M * N);
      forEachIndex(batch, [aBatch, bBatch, outStrides], ([ao, bo, co]) => {
        groups.push({ c: out.ptr + 4 * co!, segments: [{ a: aBase + 4 * ao!, b: bBase + 4 * bo! }] });
      });
      ok = runGemm(ctx, { ...shared, M, groups });
    }
    if (!ok) {
      out.abandon();
      return undefined;
    }
    return out.finish();
  } finally {
    pa.release();
    pb.release();
  }
}
