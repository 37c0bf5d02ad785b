import { DTypeError, type Operand } from '@isotropic/tensor';
import type { GpuRuntime } from '../runtime/gpu-runtime.js';
import { asStorage, type GpuStorage } from '../runtime/gpu-storage.js';
import { GRID_BUILTINS, LINEAR_WORKGROUP } from '../runtime/grid.js';
import type { Kernel } from '../runtime/kernel.js';
import { ParamWriter, paramsDecl, pu } from '../wgsl/params.js';

/**
 * SIGReg's empirical characteristic function as two direct kernels, so the
 * [K, N, M] angles the composed path would materialise never exist:
 * - ecf: one invocation per (k, m) sums cos and sin of t_k * z[n, m] over n
 *   (neighbouring invocations read neighbouring columns of z);
 * - ecfBackward: one invocation per (n, m) sums over the K points.
 * Params: [N, M, K].
 */
const WG = 64;

const HEADER = (inputs: string[]) => `@group(0) @binding(0) var<storage, read_write> out: array<f32>;
${inputs.map((name, i) => `@group(0) @binding(${i + 1}) var<storage, read> ${name}: array<f32>;`).join('\n')}
${paramsDecl(3, inputs.length + 1)}`;

const ECF: Kernel = {
  op: 'ecf',
  label: 'ecf[direct]',
  code: `${HEADER(['z', 't'])}
@compute @workgroup_size(${WG})
fn main(${GRID_BUILTINS}) {
  let N = ${pu(0)};
  let M = ${pu(1)};
  let K = ${pu(2)};
  let e = ${LINEAR_WORKGROUP} * ${WG}u + lid;
  if (e >= K * M) { return; }
  let k = e / M;
  let m = e % M;
  let tk = t[k];
  var c = 0.0;
  var s = 0.0;
  for (var n = 0u; n < N; n++) {
    let a = tk * z[n * M + m];
    c += cos(a);
    s += sin(a);
  }
  out[e] = c / f32(N);
  out[K * M + e] = s / f32(N);
}`,
  bindings: ['readwrite', 'read', 'read', 'uniform'],
};

const ECF_BACKWARD: Kernel = {
  op: 'ecfBackward',
  label: 'ecfBackward[direct]',
  code: `${HEADER(['z', 't', 'g'])}
@compute @workgroup_size(${WG})
fn main(${GRID_BUILTINS}) {
  let N = ${pu(0)};
  let M = ${pu(1)};
  let K = ${pu(2)};
  let e = ${LINEAR_WORKGROUP} * ${WG}u + lid;
  if (e >= N * M) { return; }
  let m = e % M;
  let zv = z[e];
  var acc = 0.0;
  for (var k = 0u; k < K; k++) {
    let tk = t[k];
    let a = tk * zv;
    acc += tk * (cos(a) * g[K * M + k * M + m] - sin(a) * g[k * M + m]);
  }
  out[e] = acc / f32(N);
}`,
  bindings: ['readwrite', 'read', 'read', 'read', 'uniform'],
};

function expectFloat(op: string, ...xs: Operand[]): void {
  for (const x of xs) {
    if (x.dtype !== 'float32')
      throw new DTypeError(`${op}: the webgpu backend computes ${op} in float32, got ${x.dtype}`);
  }
}

/** z [N, M], t [K] -> [2, K, M]: mean over n of cos(t_k z[n, m]), then of sin. */
export function ecfKernel(rt: GpuRuntime, z: Operand, t: Operand): GpuStorage {
  expectFloat('ecf', z, t);
  const [N, M] = z.view.shape as [number, number];
  const K = t.view.shape[0]!;
  const out = rt.alloc('ecf', 2 * K * M);
  if (K * M === 0) return out;
  const buffers = [
    out.buffer,
    asStorage('ecf', z.storage, rt).buffer,
    asStorage('ecf', t.storage, rt).buffer,
  ];
  rt.dispatch1d(ECF, buffers, new ParamWriter().u32(N, M, K).toArray(), Math.ceil((K * M) / WG));
  return out;
}

/** Gradient of ecf w.r.t. z [N, M] for the cotangent g [2, K, M]. */
export function ecfBackwardKernel(rt: GpuRuntime, z: Operand, t: Operand, g: Operand): GpuStorage {
  expectFloat('ecfBackward', z, t, g);
  const [N, M] = z.view.shape as [number, number];
  const K = t.view.shape[0]!;
  const out = rt.alloc('ecfBackward', N * M);
  if (N * M === 0) return out;
  const buffers = [out.buffer, ...[z, t, g].map((x) => asStorage('ecfBackward', x.storage, rt).buffer)];
  rt.dispatch1d(ECF_BACKWARD, buffers, new ParamWriter().u32(N, M, K).toArray(), Math.ceil((N * M) / WG));
  return out;
}
