import type { Operand } from '@isotropic/tensor';
import type { GpuRuntime } from '../runtime/gpu-runtime.js';
import { asStorage, type GpuStorage } from '../runtime/gpu-storage.js';
import { GRID_BUILTINS, LINEAR_WORKGROUP } from '../runtime/grid.js';
import type { Kernel } from '../runtime/kernel.js';
import { ParamWriter, paramsDecl, pu } from '../wgsl/params.js';
import { ecfHeader, expectFloat32 } from './ecf-common.js';

/**
 * SIGReg's empirical characteristic function, means over n of cos(t_k z[n, m])
 * and sin(t_k z[n, m]), without ever materialising the [K, N, M] angles.
 *
 * One invocation per (column m, block of knots, chunk of rows): it walks its
 * rows once, keeping the block's sums in registers (the block size is baked
 * into the shader, at most MAX_BLOCK knots), so a column's work is spread over
 * many invocations however tall z is; neighbouring invocations read
 * neighbouring columns. Each chunk writes f32 partial sums; a second kernel
 * adds the chunks in order and divides by N (a single chunk writes the means
 * itself). Params: [N, M, K, rows per chunk, knot blocks, chunks, final].
 */
const WG = 64;
/** Most knots one invocation sums (two f32 registers each). */
const MAX_BLOCK = 32;
/** Enough invocations to fill a large GPU; fewer when rows run out. */
const TARGET_INVOCATIONS = 1 << 15;
/** Fewest rows per chunk: below this the partials cost more than they spread. */
const MIN_ROWS_PER_CHUNK = 16;

function forwardKernel(block: number): Kernel {
  return {
    op: 'ecf',
    label: `ecf[${block} knots per invocation]`,
    code: `${ecfHeader(['z', 't'], 7)}
@compute @workgroup_size(${WG})
fn main(${GRID_BUILTINS}) {
  let N = ${pu(0)};
  let M = ${pu(1)};
  let K = ${pu(2)};
  let rows = ${pu(3)};
  let blocks = ${pu(4)};
  let e = ${LINEAR_WORKGROUP} * ${WG}u + lid;
  if (e >= M * blocks * ${pu(5)}) { return; }
  let m = e % M;
  let k0 = (e / M) % blocks * ${block}u;
  let chunk = e / (M * blocks);
  let n0 = chunk * rows;
  let n1 = min(N, n0 + rows);
  var sumCos: array<f32, ${block}>;
  var sumSin: array<f32, ${block}>;
  if (uniform_grid(K)) {
    // knot k0 + j is knot k0 rotated j times by t_1 z
    let d = t[1];
    for (var n = n0; n < n1; n++) {
      let zv = z[n * M + m];
      let u = sincos_f32(d * zv);
      var cs = sincos_f32(f32(k0) * d * zv);
      for (var j = 0u; j < ${block}u; j++) {
        sumCos[j] += cs.x;
        sumSin[j] += cs.y;
        cs = vec2<f32>(cs.x * u.x - cs.y * u.y, cs.y * u.x + cs.x * u.y);
      }
    }
  } else {
    for (var n = n0; n < n1; n++) {
      let zv = z[n * M + m];
      for (var j = 0u; j < ${block}u; j++) {
        let cs = sincos_f32(t[min(k0 + j, K - 1u)] * zv);
        sumCos[j] += cs.x;
        sumSin[j] += cs.y;
      }
    }
  }
  let scale = select(1.0, 1.0 / f32(N), ${pu(6)} == 1u);
  let plane = K * M;
  for (var j = 0u; j < ${block}u; j++) {
    let k = k0 + j;
    if (k < K) {
      let at = chunk * 2u * plane + k * M + m;
      out[at] = sumCos[j] * scale;
      out[at + plane] = sumSin[j] * scale;
    }
  }
}`,
    bindings: ['readwrite', 'read', 'read', 'uniform'],
  };
}

/** out[e] = (sum over chunks c of partials[c, e]) / N. Params: [elements per chunk, chunks, N]. */
const ADD_CHUNKS: Kernel = {
  op: 'ecf',
  label: 'ecf[add chunks]',
  code: `@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> partials: array<f32>;
${paramsDecl(3, 2)}
@compute @workgroup_size(${WG})
fn main(${GRID_BUILTINS}) {
  let L = ${pu(0)};
  let e = ${LINEAR_WORKGROUP} * ${WG}u + lid;
  if (e >= L) { return; }
  var s = 0.0;
  for (var c = 0u; c < ${pu(1)}; c++) { s += partials[c * L + e]; }
  out[e] = s / f32(${pu(2)});
}`,
  bindings: ['readwrite', 'read', 'uniform'],
};

/** How the forward splits its work over invocations. */
interface ForwardPlan {
  readonly block: number;
  readonly blocks: number;
  readonly rows: number;
  readonly chunks: number;
}

function plan(N: number, M: number, K: number): ForwardPlan {
  const blocks = Math.ceil(K / MAX_BLOCK);
  const block = Math.ceil(K / blocks);
  const wanted = Math.ceil(TARGET_INVOCATIONS / (M * blocks));
  const chunks = Math.max(1, Math.min(wanted, Math.floor(N / MIN_ROWS_PER_CHUNK)));
  const rows = Math.max(1, Math.ceil(N / chunks));
  return { block, blocks, rows, chunks: Math.max(1, Math.ceil(N / rows)) };
}

/** z [N, M], t [K] -> [2, K, M]: mean over n of cos(t_k z[n, m]), then of sin. */
export function ecfKernel(rt: GpuRuntime, z: Operand, t: Operand): GpuStorage {
  expectFloat32('ecf', z, t);
  const [N, M] = z.view.shape as [number, number];
  const K = t.view.shape[0]!;
  const out = rt.alloc('ecf', 2 * K * M);
  if (K * M === 0) return out;
  const p = plan(N, M, K);
  const kernel = rt.kernels.get(`ecf|${p.block}`, () => forwardKernel(p.block));
  const inputs = [asStorage('ecf', z.storage, rt).buffer, asStorage('ecf', t.storage, rt).buffer];
  const params = (final: boolean) =>
    new ParamWriter().u32(N, M, K, p.rows, p.blocks, p.chunks, final ? 1 : 0).toArray();
  const workgroups = Math.ceil((M * p.blocks * p.chunks) / WG);
  if (p.chunks === 1) {
    rt.dispatch1d(kernel, [out.buffer, ...inputs], params(true), workgroups);
    return out;
  }
  const partials = rt.temp('ecf', p.chunks * 2 * K * M);
  rt.dispatch1d(kernel, [partials, ...inputs], params(false), workgroups);
  const L = 2 * K * M;
  rt.dispatch1d(
    ADD_CHUNKS,
    [out.buffer, partials],
    new ParamWriter().u32(L, p.chunks, N).toArray(),
    Math.ceil(L / WG),
  );
  rt.releaseTemp(partials);
  return out;
}
