import type { GpuRuntime } from '../runtime/gpu-runtime.js';
import { GRID_BUILTINS, LINEAR_WORKGROUP } from '../runtime/grid.js';
import type { Kernel } from '../runtime/kernel.js';
import { ParamWriter, paramsDecl, pu } from '../wgsl/params.js';

const WG = 256;

const FILL: Kernel = {
  op: 'fill',
  label: 'fill',
  code: `@group(0) @binding(0) var<storage, read_write> out: array<u32>;
${paramsDecl(2, 1)}
@compute @workgroup_size(${WG})
fn main(${GRID_BUILTINS}) {
  let e = ${LINEAR_WORKGROUP} * ${WG}u + lid;
  if (e < ${pu(0)}) { out[e] = ${pu(1)}; }
}`,
  bindings: ['readwrite', 'uniform'],
};

/**
 * Writes the 32-bit pattern `bits` into the first `count` elements. A kernel
 * rather than `clearBuffer`: it stays inside the open compute pass.
 */
export function fillKernel(rt: GpuRuntime, buffer: GPUBuffer, count: number, bits: number): void {
  if (count === 0) return;
  rt.dispatch1d(FILL, [buffer], new ParamWriter().u32(count, bits).toArray(), Math.ceil(count / WG));
}
