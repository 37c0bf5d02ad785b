import type { Operand, ReduceOp } from '../../backend.js';
import { sizeOf } from '../../shape.js';
import { JOB_KIND } from '../kernels/layout.js';
import { REDUCE_OPS, REDUCE_PARAM, REDUCE_PATTERN } from '../kernels/params.js';
import { coalesce } from '../strided.js';
import { placeAll, type WasmContext } from './context.js';

/** Input elements per chunk. */
const CHUNK_ELEMENTS = 1 << 15;
/** Outputs of one columns-pattern chunk (their f64 accumulators fit any thread's scratch). */
const MAX_COLUMNS = 256;

/** Dims coalesced and padded to two (outer dim first), or undefined if they need more. */
function twoDims(shape: readonly number[], strides: readonly number[]): [number[], number[]] | undefined {
  const [dims, [s]] = coalesce(shape, [strides]) as [number[], [number[]]];
  if (dims.length > 2) return undefined;
  while (dims.length < 2) {
    dims.unshift(1);
    s.unshift(0);
  }
  return [dims, s];
}

/** sum / max / min over the trailing `reducedRank` dims of a strided float32 view. */
export function wasmReduce(
  ctx: WasmContext,
  op: ReduceOp,
  x: Operand,
  data: Float32Array,
  reducedRank: number,
): Float32Array | undefined {
  const opIndex = (REDUCE_OPS as readonly string[]).indexOf(op);
  if (opIndex < 0) return undefined;
  const { shape, strides } = x.view;
  const r = shape.length - reducedRank;
  const kept = twoDims(shape.slice(0, r), strides.slice(0, r));
  const reduced = twoDims(shape.slice(r), strides.slice(r));
  if (!kept || !reduced) return undefined;
  const outputs = sizeOf(shape.slice(0, r));
  const innerSize = sizeOf(shape.slice(r));
  const out = ctx.output(outputs);
  if (!out) return undefined;
  if (outputs === 0) return out.finish();
  const placed = placeAll(ctx, [data]);
  if (!placed) {
    out.abandon();
    return undefined;
  }
  const [[outer0, outer1], [sOuter0, sOuter1]] = kept as [[number, number], [number, number]];
  const [[inner0, inner1], [sInner0, sInner1]] = reduced as [[number, number], [number, number]];
  const pattern =
    sInner1 === 1 && inner1 >= 4
      ? REDUCE_PATTERN.rows
      : sOuter1 === 1 && outer1 >= 4
        ? REDUCE_PATTERN.columns
        : REDUCE_PATTERN.general;
  const perOutput = Math.max(innerSize, 1);
  let perChunk = Math.max(1, Math.ceil(CHUNK_ELEMENTS / perOutput));
  let chunks: number;
  if (pattern === REDUCE_PATTERN.columns) {
    // whole cache lines per input row, accumulators within the thread's scratch
    perChunk = Math.min(MAX_COLUMNS, Math.max(16, Math.ceil(perChunk / 4) * 4));
    chunks = outer0 * Math.ceil(outer1 / perChunk);
  } else chunks = Math.ceil(outputs / perChunk);
  ctx.runtime.setParams(REDUCE_PARAM, {
    op: opIndex,
    out: out.ptr,
    x: placed[0]!.ptr + 4 * x.view.offset,
    perChunk,
    outer0,
    outer1,
    inner0,
    inner1,
    sOuter0,
    sOuter1,
    sInner0,
    sInner1,
    outputs,
    pattern,
  });
  ctx.run(JOB_KIND.reduce, chunks, outputs * perOutput);
  for (const p of placed) p.release();
  return out.finish();
}
