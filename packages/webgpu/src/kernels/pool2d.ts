import { DTypeError, type Operand, type Pool2dParams } from '@isotropic/tensor';
import type { GpuRuntime } from '../runtime/gpu-runtime.js';
import { asStorage, type GpuStorage } from '../runtime/gpu-storage.js';
import { GRID_BUILTINS, LINEAR_WORKGROUP } from '../runtime/grid.js';
import type { Kernel } from '../runtime/kernel.js';
import { ParamWriter, paramsDecl } from '../wgsl/params.js';
import { PRELUDE } from '../wgsl/prelude.js';

const WG = 128;

/**
 * Max and average pooling and their gradients, one invocation per element.
 * Max picks the first maximum of its window (a NaN beats any number, the first
 * NaN wins) exactly as the CPU backend, so forward and backward agree on which
 * element the gradient goes to. The backward pass gathers: each input element
 * visits the few windows that contain it, so no atomics are needed.
 */

// Params: [count, H, W, OH, OW, KH, KW, SH, SW, PH, PW]. The window is a param,
// not a WGSL constant: each distinct constant would be another pipeline to compile.
const HEAD = `struct Geo { H: u32, W: u32, OH: u32, OW: u32, KH: u32, KW: u32, SH: u32, SW: u32, PH: i32, PW: i32 }
fn geo() -> Geo {
  let a = params.v[0];
  let b = params.v[1];
  let c = params.v[2];
  return Geo(a.y, a.z, a.w, b.x, b.y, b.z, b.w, c.x, i32(c.y), i32(c.z));
}`;
const PARAMS = 11;

/** WGSL: index (into x) of the first maximum of window (nc, oh, ow), or -1 if it lies in padding. */
const ARGMAX_WINDOW = `fn argmax_window(nc: u32, oh: u32, ow: u32) -> i32 {
  let g = geo();
  var best = -1;
  var best_v = 0.0;
  for (var kh = 0u; kh < g.KH; kh++) {
    let ih = i32(oh * g.SH + kh) - g.PH;
    if (u32(ih) >= g.H) { continue; }
    for (var kw = 0u; kw < g.KW; kw++) {
      let iw = i32(ow * g.SW + kw) - g.PW;
      if (u32(iw) >= g.W) { continue; }
      let i = i32((nc * g.H + u32(ih)) * g.W + u32(iw));
      let v = x[i];
      if (best < 0 || (!is_nan(best_v) && (is_nan(v) || v > best_v))) {
        best = i;
        best_v = v;
      }
    }
  }
  return best;
}`;

function forwardKernel(p: Pool2dParams): Kernel {
  const body =
    p.mode === 'max'
      ? `let i = argmax_window(nc, oh, ow);
  out[e] = select(-f32_inf(), x[max(i, 0)], i >= 0);`
      : `var s = 0.0;
  for (var kh = 0u; kh < g.KH; kh++) {
    let ih = i32(oh * g.SH + kh) - g.PH;
    if (u32(ih) >= g.H) { continue; }
    for (var kw = 0u; kw < g.KW; kw++) {
      let iw = i32(ow * g.SW + kw) - g.PW;
      if (u32(iw) < g.W) { s += x[(nc * g.H + u32(ih)) * g.W + u32(iw)]; }
    }
  }
  out[e] = s / f32(g.KH * g.KW);`;
  const code = `@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
${paramsDecl(PARAMS, 2)}
${PRELUDE}
${HEAD}
${ARGMAX_WINDOW}
@compute @workgroup_size(${WG})
fn main(${GRID_BUILTINS}) {
  let e = ${LINEAR_WORKGROUP} * ${WG}u + lid;
  if (e >= params.v[0].x) { return; }
  let g = geo();
  let ow = e % g.OW;
  let oh = (e / g.OW) % g.OH;
  let nc = e / (g.OW * g.OH);
  ${body}
}`;
  return { op: 'pool2d', label: `pool2d[${p.mode}]`, code, bindings: ['readwrite', 'read', 'uniform'] };
}

function backwardKernel(p: Pool2dParams): Kernel {
  const contribution =
    p.mode === 'max'
      ? `if (argmax_window(nc, oh, ow) == i32(e)) { acc += dy[(nc * g.OH + oh) * g.OW + ow]; }`
      : 'acc += dy[(nc * g.OH + oh) * g.OW + ow] / f32(g.KH * g.KW);';
  const code = `@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
${paramsDecl(PARAMS, 3)}
${PRELUDE}
${HEAD}
${ARGMAX_WINDOW}
/** The output rows (or columns) whose window covers input position i: [lo, hi). */
fn covering(i: u32, k: u32, s: u32, pad: i32, n: u32) -> vec2u {
  let top = i32(i) + pad;
  let lo = select(0u, u32(top - i32(k) + i32(s)) / s, top - i32(k) + 1 > 0);
  let hi = min(n, u32(top) / s + 1u);
  return vec2u(lo, hi);
}
@compute @workgroup_size(${WG})
fn main(${GRID_BUILTINS}) {
  let e = ${LINEAR_WORKGROUP} * ${WG}u + lid;
  if (e >= params.v[0].x) { return; }
  let g = geo();
  let iw = e % g.W;
  let ih = (e / g.W) % g.H;
  let nc = e / (g.W * g.H);
  let rows = covering(ih, g.KH, g.SH, g.PH, g.OH);
  let cols = covering(iw, g.KW, g.SW, g.PW, g.OW);
  var acc = 0.0;
  for (var oh = rows.x; oh < rows.y; oh++) {
    for (var ow = cols.x; ow < cols.y; ow++) {
      ${contribution}
    }
  }
  out[e] = acc;
}`;
  return {
    op: 'pool2dBackward',
    label: `pool2dBackward[${p.mode}]`,
    code,
    bindings: ['readwrite', 'read', 'read', 'uniform'],
  };
}

function expectFloat(op: string, x: Operand): void {
  if (x.dtype !== 'float32')
    throw new DTypeError(`${op}: the webgpu backend pools float32 tensors, got ${x.dtype}`);
}

const window = (p: Pool2dParams) => [...p.kernel, ...p.stride, ...p.padding];

function outSize(inSize: number, k: number, s: number, pad: number): number {
  return Math.floor((inSize + 2 * pad - k) / s) + 1;
}

export function pool2dKernel(rt: GpuRuntime, x: Operand, p: Pool2dParams): GpuStorage {
  expectFloat('pool2d', x);
  const [N, C, H, W] = x.view.shape as [number, number, number, number];
  const OH = outSize(H, p.kernel[0], p.stride[0], p.padding[0]);
  const OW = outSize(W, p.kernel[1], p.stride[1], p.padding[1]);
  const count = N * C * OH * OW;
  const out = rt.alloc('pool2d', count);
  if (count === 0) return out;
  const kernel = rt.kernels.get(`pool2d|${p.mode}`, () => forwardKernel(p));
  const params = new ParamWriter().u32(count, H, W, OH, OW, ...window(p)).toArray();
  rt.dispatch1d(
    kernel,
    [out.buffer, asStorage('pool2d', x.storage, rt).buffer],
    params,
    Math.ceil(count / WG),
  );
  return out;
}

export function pool2dBackwardKernel(rt: GpuRuntime, x: Operand, dy: Operand, p: Pool2dParams): GpuStorage {
  const op = 'pool2dBackward';
  expectFloat(op, x);
  expectFloat(op, dy);
  const [N, C, H, W] = x.view.shape as [number, number, number, number];
  const OH = outSize(H, p.kernel[0], p.stride[0], p.padding[0]);
  const OW = outSize(W, p.kernel[1], p.stride[1], p.padding[1]);
  const count = N * C * H * W;
  const out = rt.alloc(op, count);
  if (count === 0) return out;
  const kernel = rt.kernels.get(`pool2dBackward|${p.mode}`, () => backwardKernel(p));
  const params = new ParamWriter().u32(count, H, W, OH, OW, ...window(p)).toArray();
  const buffers = [out.buffer, asStorage(op, x.storage, rt).buffer, asStorage(op, dy.storage, rt).buffer];
  rt.dispatch1d(kernel, buffers, params, Math.ceil(count / WG));
  return out;
}
