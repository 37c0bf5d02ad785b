import { coalesce } from '../coalesce.js';
import type { Shape } from '../shape.js';

export { coalesce };

/**
 * Calls `run(bases, n, innerStrides)` for every innermost run of a strided
 * iteration over `shape`, where `bases[k]` is operand k's offset at the start of
 * the run. The output (if any) should be passed as one of the operands with
 * contiguous strides. Allocation-free in the loop.
 */
export function forEachRun(
  shape: Shape,
  stridesList: readonly (readonly number[])[],
  offsets: readonly number[],
  run: (bases: Int32Array, n: number, inner: Int32Array) => void,
): void {
  for (const d of shape) if (d === 0) return;
  const [dims, strides] = coalesce(shape, stridesList);
  const rank = dims.length;
  const k = strides.length;
  const n = dims[rank - 1]!;
  const inner = new Int32Array(k);
  for (let j = 0; j < k; j++) inner[j] = strides[j]![rank - 1]!;
  const bases = new Int32Array(k);
  for (let j = 0; j < k; j++) bases[j] = offsets[j]!;
  if (rank === 1) {
    run(bases, n, inner);
    return;
  }
  const idx = new Int32Array(rank - 1);
  for (;;) {
    run(bases, n, inner);
    // increment the multi-index over the outer dims
    let d = rank - 2;
    for (; d >= 0; d--) {
      idx[d]!++;
      for (let j = 0; j < k; j++) bases[j]! += strides[j]![d]!;
      if (idx[d]! < dims[d]!) break;
      for (let j = 0; j < k; j++) bases[j]! -= strides[j]![d]! * dims[d]!;
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}
