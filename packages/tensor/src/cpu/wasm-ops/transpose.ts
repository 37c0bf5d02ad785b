import { JOB_KIND } from '../kernels/layout.js';
import { ELEMENTWISE_RANK, TRANSPOSE_PARAM } from '../kernels/params.js';
import type { WasmContext } from './context.js';

/** Elements per chunk, and the most outer blocks worth a table. */
const CHUNK_ELEMENTS = 1 << 15;
const MAX_OUTER = 1 << 16;

/** A coalesced copy layout (ELEMENTWISE_RANK dims, input strides `a`). */
interface CopyLayout {
  readonly dims: readonly number[];
  readonly a: readonly number[];
}

/** The copy is a batch of 2-D transposes: unit input stride on the next-to-last dim, not the last. */
export function isTransposedCopy(layout: CopyLayout): boolean {
  const r = ELEMENTWISE_RANK;
  const outer = layout.dims.slice(0, r - 2).reduce((x, y) => x * y, 1);
  return (
    layout.a[r - 1] !== 1 &&
    layout.a[r - 2] === 1 &&
    layout.dims[r - 2]! >= 4 &&
    layout.dims[r - 1]! >= 4 &&
    outer <= MAX_OUTER
  );
}

/** Runs the TRANSPOSE job; false when wasm memory for its table ran out. */
export function runTransposedCopy(ctx: WasmContext, layout: CopyLayout, out: number, a: number): boolean {
  const r = ELEMENTWISE_RANK;
  const outerDims = layout.dims.slice(0, r - 2);
  const outerCount = outerDims.reduce((x, y) => x * y, 1);
  const table = ctx.temp(4 * outerCount);
  if (!table) return false;
  // element offset of each outer block, row-major over the outer dims
  const offsets = ctx.runtime.ints(table.ptr, outerCount);
  const idx = outerDims.map(() => 0);
  for (let o = 0; o < outerCount; o++) {
    offsets[o] = idx.reduce((sum, i, d) => sum + i * layout.a[d]!, 0);
    for (let d = outerDims.length - 1; d >= 0; d--) {
      if (++idx[d]! < outerDims[d]!) break;
      idx[d] = 0;
    }
  }
  const R = layout.dims[r - 2]!;
  const C = layout.dims[r - 1]!;
  const rowsPerChunk = Math.max(4, Math.floor(CHUNK_ELEMENTS / C / 4) * 4);
  const blocksPerOuter = Math.ceil(R / rowsPerChunk);
  ctx.runtime.setParams(TRANSPOSE_PARAM, {
    out,
    a,
    R,
    C,
    sIn: layout.a[r - 1]!,
    rowsPerChunk,
    outerTable: table.ptr,
    blocksPerOuter,
  });
  ctx.run(JOB_KIND.transpose, outerCount * blocksPerOuter, 2 * outerCount * R * C);
  table.release();
  return true;
}
