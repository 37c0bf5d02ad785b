import type { Operand } from '@isotropic/tensor';
import type { GpuRuntime } from '../runtime/gpu-runtime.js';
import { asStorage, type GpuStorage } from '../runtime/gpu-storage.js';
import { GRID_BUILTINS, LINEAR_WORKGROUP } from '../runtime/grid.js';
import type { Kernel } from '../runtime/kernel.js';
import { ParamWriter, pu } from '../wgsl/params.js';
import { ecfHeader, expectFloat32 } from './ecf-common.js';

/**
 * Gradient of ecf w.r.t. z:
 * dz = (1 / N) sum_k t_k (cos(t_k z) g[1, k, m] - sin(t_k z) g[0, k, m]).
 * On a uniform grid that is Re(sum_k w_k u^k) with u = e^{i t_1 z} and
 * w_k = t_k (g[1, k, m] + i g[0, k, m]), evaluated by Horner's rule from the
 * last knot: one complex multiply-add per knot and a single sincos (the CPU
 * kernel's scheme). Knot 0 has t_0 = 0 and adds nothing.
 *
 * One invocation per column m and ROWS consecutive rows: each knot's w_k is
 * read once and serves all ROWS rows (their Horner states stay in registers),
 * and neighbouring invocations read neighbouring columns. Params: [N, M, K].
 */
const WG = 64;
const ROWS = 8;

const ECF_BACKWARD: Kernel = {
  op: 'ecfBackward',
  label: `ecfBackward[horner, ${ROWS} rows per invocation]`,
  code: `${ecfHeader(['z', 't', 'g'], 3)}
@compute @workgroup_size(${WG})
fn main(${GRID_BUILTINS}) {
  let N = ${pu(0)};
  let M = ${pu(1)};
  let K = ${pu(2)};
  let e = ${LINEAR_WORKGROUP} * ${WG}u + lid;
  let rowGroups = (N + ${ROWS - 1}u) / ${ROWS}u;
  if (e >= M * rowGroups) { return; }
  let m = e % M;
  let n0 = e / M * ${ROWS}u;
  let sinPlane = K * M;
  var zs: array<f32, ${ROWS}>;
  for (var r = 0u; r < ${ROWS}u; r++) { zs[r] = z[min(n0 + r, N - 1u) * M + m]; }
  var acc: array<f32, ${ROWS}>;
  if (uniform_grid(K)) {
    let d = t[1];
    var u: array<vec2<f32>, ${ROWS}>;
    var h: array<vec2<f32>, ${ROWS}>;
    var k = K - 1u;
    let last = t[k] * vec2<f32>(g[sinPlane + k * M + m], g[k * M + m]);
    for (var r = 0u; r < ${ROWS}u; r++) {
      u[r] = sincos_f32(d * zs[r]);
      h[r] = last;
    }
    while (k > 1u) {
      k--;
      let w = t[k] * vec2<f32>(g[sinPlane + k * M + m], g[k * M + m]);
      for (var r = 0u; r < ${ROWS}u; r++) {
        let a = u[r];
        let b = h[r];
        h[r] = w + vec2<f32>(a.x * b.x - a.y * b.y, a.y * b.x + a.x * b.y);
      }
    }
    for (var r = 0u; r < ${ROWS}u; r++) { acc[r] = u[r].x * h[r].x - u[r].y * h[r].y; }
  } else {
    for (var k = 0u; k < K; k++) {
      let tk = t[k];
      let gc = g[sinPlane + k * M + m];
      let gs = g[k * M + m];
      for (var r = 0u; r < ${ROWS}u; r++) {
        let cs = sincos_f32(tk * zs[r]);
        acc[r] += tk * (cs.x * gc - cs.y * gs);
      }
    }
  }
  for (var r = 0u; r < ${ROWS}u; r++) {
    if (n0 + r < N) { out[(n0 + r) * M + m] = acc[r] / f32(N); }
  }
}`,
  bindings: ['readwrite', 'read', 'read', 'read', 'uniform'],
};

/** Gradient of ecf w.r.t. z [N, M] for the cotangent g [2, K, M]. */
export function ecfBackwardKernel(rt: GpuRuntime, z: Operand, t: Operand, g: Operand): GpuStorage {
  expectFloat32('ecfBackward', z, t, g);
  const [N, M] = z.view.shape as [number, number];
  const K = t.view.shape[0]!;
  const out = rt.alloc('ecfBackward', N * M);
  if (N * M === 0) return out;
  const buffers = [out.buffer, ...[z, t, g].map((x) => asStorage('ecfBackward', x.storage, rt).buffer)];
  const invocations = M * Math.ceil(N / ROWS);
  rt.dispatch1d(ECF_BACKWARD, buffers, new ParamWriter().u32(N, M, K).toArray(), Math.ceil(invocations / WG));
  return out;
}
