import { sizeOf } from '@isotropic/tensor';
import { fusedCode, leafLayout, leafParamCount, leafParams } from '../fusion/fused-code.js';
import { buildPlan, type FusedPlan, planKey } from '../fusion/fused-plan.js';
import type { GpuRuntime } from '../runtime/gpu-runtime.js';
import type { GpuStorage } from '../runtime/gpu-storage.js';
import { GRID_BUILTINS, LINEAR_WORKGROUP } from '../runtime/grid.js';
import type { Kernel } from '../runtime/kernel.js';
import { ParamWriter, paramsDecl, pu } from '../wgsl/params.js';
import { PRELUDE } from '../wgsl/prelude.js';

/**
 * Computes a pending elementwise result, fused with the pending elementwise
 * ops it reads, in one kernel.
 *
 * Work is split in units of 4 consecutive output elements, written as one
 * vec4; each thread handles UNROLL units a workgroup apart (neighbouring
 * threads still touch neighbouring memory). Per-invocation overhead dominates
 * simple kernels on CPU adapters (lavapipe runs 4-8x faster this way) and GPUs
 * lose nothing. Each leaf is read contiguously, as a broadcast scalar, or
 * through its strides (one index decomposition per unit), as its params say.
 *
 * The unit count and the 4 components are loops with bounds from params, not
 * unrolled code: lavapipe compiles each new pipeline at its first dispatch,
 * at a cost that grows with shader size (a binary op went from ~1.3 s to
 * ~0.4 s of CPU), and tests and first training steps create many pipelines.
 */
const WG = 64;
const UNROLL = 4;
const ELEMENTS_PER_GROUP = WG * UNROLL * 4;

function buildKernel(plan: FusedPlan, rank: number): Kernel {
  const nParams = 3 + leafParamCount(plan.leaves.length, rank);
  const f = fusedCode(plan, rank, 1, 3);
  const root = plan.nodes[plan.nodes.length - 1]!;
  const code = `@group(0) @binding(0) var<storage, read_write> out: array<vec4<${f.outType}>>;
${f.decls}
${paramsDecl(nParams, plan.leaves.length + 1)}
${PRELUDE}
${f.functions}
@compute @workgroup_size(${WG})
fn main(${GRID_BUILTINS}) {
  let count = ${pu(0)};
  let unroll = ${pu(1)};
  let four = ${pu(2)};
  let first = ${LINEAR_WORKGROUP} * ${WG}u * unroll + lid;
  for (var u = 0u; u < unroll; u++) {
    let i0 = (first + u * ${WG}u) * 4u;
    if (i0 >= count) { break; }
    var r: vec4<${f.outType}>;
    if (i0 + 3u < count && (i0 % ${f.lastDim}) + 3u < ${f.lastDim}) {
      ${f.unitLoads.join('\n      ')}
    } else {
      // a unit that crosses a row, or the partial last one: element by element
      let n = min(four, count - i0);
      for (var c = 0u; c < n; c++) { r[c] = fused_at(i0 + c); }
    }
    // a partial unit writes past count, inside the buffer: buffers are whole vec4s
    out[i0 / 4u] = r;
  }
}`;
  const ops = plan.nodes.map((n) => n.spec.name).join('+');
  return {
    op: root.spec.op,
    label: `elementwise[${ops}${rank > 4 ? ` r${rank}` : ''}]`,
    code,
    bindings: ['readwrite', ...plan.leaves.map(() => 'read' as const), 'uniform'],
  };
}

/** Computes `s` (a pending elementwise result) into a new buffer. */
export function materializeElementwise(rt: GpuRuntime, s: GpuStorage): GPUBuffer {
  const node = s.lazy!;
  const count = sizeOf(node.shape);
  const buffer = rt.bufferFor(node.spec.op, count);
  if (count === 0) return buffer;
  const plan = buildPlan(node, rt.fusionLimits(1), (c) => rt.materialize(c));
  const layout = leafLayout(plan);
  const rank = layout.dims.length;
  const kernel = rt.kernels.get(`ew|${planKey(plan)}|${rank}`, () => buildKernel(plan, rank));
  const params = new ParamWriter().u32(count, UNROLL, 4, ...leafParams(plan, layout)).toArray();
  rt.dispatch1d(
    kernel,
    [buffer, ...plan.leaves.map((l) => l.storage.buffer)],
    params,
    Math.ceil(count / ELEMENTS_PER_GROUP),
  );
  return buffer;
}
