import type { BinaryOp, Operand, UnaryOp } from '../../backend.js';
import { contiguousStrides, type Shape, sizeOf } from '../../shape.js';
import { JOB_KIND } from '../kernels/layout.js';
import {
  BINARY_OPS,
  ELEMENTWISE_PARAM,
  ELEMENTWISE_PATTERN,
  ELEMENTWISE_RANK,
  UNARY_OPS,
} from '../kernels/params.js';
import { coalesce } from '../strided.js';
import { placeAll, type WasmContext } from './context.js';
import { isTransposedCopy, runTransposedCopy } from './transpose.js';

/** Elements per chunk: big enough to amortise scheduling, small enough to balance threads. */
const CHUNK_ELEMENTS = 1 << 15;

interface Layout {
  readonly dims: number[];
  readonly a: number[];
  readonly b: number[];
}

/** Coalesced iteration space padded to ELEMENTWISE_RANK dims (outer dims of size 1), or undefined if it needs more. */
function layoutOf(
  shape: Shape,
  aStrides: readonly number[],
  bStrides: readonly number[],
): Layout | undefined {
  const [dims, [, a, b]] = coalesce(shape, [contiguousStrides(shape), aStrides, bStrides]) as [
    number[],
    [number[], number[], number[]],
  ];
  if (dims.length > ELEMENTWISE_RANK) return undefined;
  splitLongRow(dims, a, b);
  while (dims.length < ELEMENTWISE_RANK) {
    dims.unshift(1);
    a.unshift(0);
    b.unshift(0);
  }
  return { dims, a, b };
}

/**
 * Chunks are ranges of rows, so an op that coalesced into one long row (a
 * contiguous tensor, a scalar operand) would be one chunk for one thread: split
 * the row into equal pieces of at most CHUNK_ELEMENTS when a divisor allows it.
 */
function splitLongRow(dims: number[], a: number[], b: number[]): void {
  const last = dims.length - 1;
  const n = dims[last]!;
  if (dims.length >= ELEMENTWISE_RANK || n <= CHUNK_ELEMENTS) return;
  for (let piece = CHUNK_ELEMENTS; piece >= CHUNK_ELEMENTS / 8; piece -= 4) {
    if (n % piece !== 0) continue;
    dims.splice(last, 1, n / piece, piece);
    a.splice(last, 1, a[last]! * piece, a[last]!);
    b.splice(last, 1, b[last]! * piece, b[last]!);
    return;
  }
}

function patternOf(aInner: number, bInner: number): number {
  if (aInner === 1 && bInner === 1) return ELEMENTWISE_PATTERN.unitUnit;
  if (aInner === 1 && bInner === 0) return ELEMENTWISE_PATTERN.unitBroadcast;
  if (aInner === 0 && bInner === 1) return ELEMENTWISE_PATTERN.broadcastUnit;
  return ELEMENTWISE_PATTERN.general;
}

function runElementwise(
  ctx: WasmContext,
  kind: typeof JOB_KIND.binary | typeof JOB_KIND.unary,
  op: number,
  layout: Layout,
  ptrs: { out: number; a: number; b: number },
  pattern: number,
): void {
  const inner = layout.dims[ELEMENTWISE_RANK - 1]!;
  const rows = layout.dims.slice(0, -1).reduce((x, y) => x * y, 1);
  const rowsPerChunk = Math.max(1, Math.ceil(CHUNK_ELEMENTS / Math.max(inner, 1)));
  const params: Record<string, number> = { op, ...ptrs, rowsPerChunk, pattern };
  layout.dims.forEach((d, i) => {
    params[`d${i}`] = d;
    params[`aS${i}`] = layout.a[i]!;
    params[`bS${i}`] = layout.b[i]!;
  });
  ctx.runtime.setParams(ELEMENTWISE_PARAM, params as Record<keyof typeof ELEMENTWISE_PARAM, number>);
  ctx.run(kind, Math.ceil(rows / rowsPerChunk), 2 * rows * inner);
}

export function wasmBinary(
  ctx: WasmContext,
  op: BinaryOp,
  a: Operand,
  aData: Float32Array,
  b: Operand,
  bData: Float32Array,
  outShape: Shape,
): Float32Array | undefined {
  const opIndex = (BINARY_OPS as readonly string[]).indexOf(op);
  const size = sizeOf(outShape);
  const layout = opIndex >= 0 && size > 0 ? layoutOf(outShape, a.view.strides, b.view.strides) : undefined;
  if (!layout) return undefined;
  const out = ctx.output(size);
  const placed = out && placeAll(ctx, [aData, bData]);
  if (!out || !placed) {
    out?.abandon();
    return undefined;
  }
  const ptrs = { out: out.ptr, a: placed[0]!.ptr + 4 * a.view.offset, b: placed[1]!.ptr + 4 * b.view.offset };
  const inner = ELEMENTWISE_RANK - 1;
  runElementwise(ctx, JOB_KIND.binary, opIndex, layout, ptrs, patternOf(layout.a[inner]!, layout.b[inner]!));
  for (const p of placed) p.release();
  return out.finish();
}

export function wasmUnary(
  ctx: WasmContext,
  op: UnaryOp,
  x: Operand,
  data: Float32Array,
): Float32Array | undefined {
  const opIndex = (UNARY_OPS as readonly string[]).indexOf(op);
  const shape = x.view.shape;
  const size = sizeOf(shape);
  const layout =
    opIndex >= 0 && size > 0
      ? layoutOf(
          shape,
          x.view.strides,
          shape.map(() => 0),
        )
      : undefined;
  if (!layout) return undefined;
  const out = ctx.output(size);
  const placed = out && placeAll(ctx, [data]);
  if (!out || !placed) {
    out?.abandon();
    return undefined;
  }
  const ptrs = { out: out.ptr, a: placed[0]!.ptr + 4 * x.view.offset, b: 0 };
  const transposed =
    op === 'copy' && isTransposedCopy(layout) && runTransposedCopy(ctx, layout, ptrs.out, ptrs.a);
  if (!transposed) {
    const pattern =
      layout.a[ELEMENTWISE_RANK - 1] === 1 ? ELEMENTWISE_PATTERN.unitUnit : ELEMENTWISE_PATTERN.general;
    runElementwise(ctx, JOB_KIND.unary, opIndex, layout, ptrs, pattern);
  }
  for (const p of placed) p.release();
  return out.finish();
}
