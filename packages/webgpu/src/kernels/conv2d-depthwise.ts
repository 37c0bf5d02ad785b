import { GRID_BUILTINS, LINEAR_WORKGROUP } from '../runtime/grid.js';
import type { Kernel } from '../runtime/kernel.js';
import { paramsDecl } from '../wgsl/params.js';
import { CONV_PARAM_COUNT, convParamLets } from './conv-geometry.js';

export const DEPTHWISE_WORKGROUP = 128;

const header = (a: string, b: string) => `@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> ${a}: array<f32>;
@group(0) @binding(2) var<storage, read> ${b}: array<f32>;
${paramsDecl(CONV_PARAM_COUNT, 3)}`;

/**
 * Depthwise conv2d (one input and one output channel per group) as a direct
 * loop: one invocation per output element over its KH x KW window. As a GEMM
 * each group would be a 1-row product, all overhead and no reuse.
 */
export function depthwiseForwardKernel(): Kernel {
  const code = `${header('xin', 'wt')}
@compute @workgroup_size(${DEPTHWISE_WORKGROUP})
fn main(${GRID_BUILTINS}) {
  ${convParamLets()}
  let e = ${LINEAR_WORKGROUP} * ${DEPTHWISE_WORKGROUP}u + lid;
  if (e >= COLS) { return; }
  let ow = e % OW;
  let oh = (e / OW) % OH;
  let nc = e / (OW * OH);
  let c = nc % C;
  let xb = nc * H * W;
  let wb = c * KH * KW;
  var acc = 0.0;
  for (var kh = 0u; kh < KH; kh++) {
    let ih = i32(oh * SH + kh * DH) - PH;
    if (u32(ih) >= H) { continue; }
    for (var kw = 0u; kw < KW; kw++) {
      let iw = i32(ow * SW + kw * DW) - PW;
      if (u32(iw) < W) { acc = fma(xin[xb + u32(ih) * W + u32(iw)], wt[wb + kh * KW + kw], acc); }
    }
  }
  out[e] = acc;
}`;
  return {
    op: 'conv2d',
    label: 'conv2d[depthwise direct]',
    code,
    bindings: ['readwrite', 'read', 'read', 'uniform'],
  };
}

/**
 * Gradient of a depthwise conv2d w.r.t. its input, gathered: each input
 * element sums dy over the output positions whose window covers it (no atomics).
 */
export function depthwiseBackwardInputKernel(): Kernel {
  const code = `${header('dy', 'wt')}
@compute @workgroup_size(${DEPTHWISE_WORKGROUP})
fn main(${GRID_BUILTINS}) {
  ${convParamLets()}
  let e = ${LINEAR_WORKGROUP} * ${DEPTHWISE_WORKGROUP}u + lid;
  if (e >= COLS) { return; }
  let iw = e % W;
  let ih = (e / W) % H;
  let nc = e / (W * H);
  let c = nc % C;
  let yb = nc * OH * OW;
  let wb = c * KH * KW;
  var acc = 0.0;
  for (var kh = 0u; kh < KH; kh++) {
    let th = i32(ih) + PH - i32(kh * DH);
    if (th < 0 || u32(th) % SH != 0u) { continue; }
    let oh = u32(th) / SH;
    if (oh >= OH) { continue; }
    for (var kw = 0u; kw < KW; kw++) {
      let tw = i32(iw) + PW - i32(kw * DW);
      if (tw < 0 || u32(tw) % SW != 0u) { continue; }
      let ow = u32(tw) / SW;
      if (ow < OW) { acc = fma(dy[yb + oh * OW + ow], wt[wb + kh * KW + kw], acc); }
    }
  }
  out[e] = acc;
}`;
  return {
    op: 'conv2dBackwardInput',
    label: 'conv2dBackwardInput[depthwise direct]',
    code,
    bindings: ['readwrite', 'read', 'read', 'uniform'],
  };
}
