import type { Shape } from './shape.js';

/**
 * Merges adjacent dims that are contiguous with each other in every operand,
 * so that e.g. a fully contiguous binary op becomes one flat loop.
 * Returns the reduced shape and per-operand strides. Size-1 dims are dropped.
 * Exported for backend authors: the CPU and WebGPU backends share this rule.
 */
export function coalesce(shape: Shape, stridesList: readonly (readonly number[])[]): [number[], number[][]] {
  const dims: number[] = [];
  const strides: number[][] = stridesList.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && stridesList.every((s, k) => strides[k]![last] === s[i]! * d)) {
      dims[last] = dims[last]! * d;
      stridesList.forEach((s, k) => {
        strides[k]![last] = s[i]!;
      });
    } else {
      dims.push(d);
      stridesList.forEach((s, k) => {
        strides[k]!.push(s[i]!);
      });
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    for (const s of strides) s.push(0);
  }
  return [dims, strides];
}
