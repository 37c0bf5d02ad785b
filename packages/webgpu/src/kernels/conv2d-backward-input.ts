import type { Kernel } from '../runtime/kernel.js';
import { paramsDecl } from '../wgsl/params.js';
import { CONV_PARAM_COUNT, convParam, convParamLets } from './conv-geometry.js';
import type { RegisterTile } from './matmul-tiles.js';
import { colVar, registerGemmBody, rowVar } from './register-gemm.js';

/**
 * Gradient of conv2d w.r.t. its input as an implicit GEMM, per group g:
 * dx[c, p] = sum_k w[k, c] * dy[k, p] with rows c < Cg, columns p = (n, ih, iw)
 * and k = (o, kh, kw); dy is read at the output position whose window puts
 * (kh, kw) on (ih, iw), when the strides make one exist. A gather: no atomics.
 */
export function conv2dBackwardInputKernel(tile: RegisterTile): Kernel {
  const { RM, CN } = tile;
  const setup: string[] = [];
  for (let i = 0; i < RM; i++) setup.push(`let wc${i} = min(${rowVar(i)}, Cg - 1u) * KH * KW;`);
  for (let j = 0; j < CN; j++) {
    for (let c = 0; c < 4; c++) {
      const s = `${j}_${c}`;
      setup.push(
        `let pc${s} = min(${colVar(j, c)}, COLS - 1u);`,
        `let n${s} = pc${s} / (H * W);`,
        `let r${s} = pc${s} % (H * W);`,
        `let yb${s} = (n${s} * O + grp * Og) * OH * OW;`,
        `let th${s} = i32(r${s} / W) + PH;`,
        `let tw${s} = i32(r${s} % W) + PW;`,
        `let xo${s} = n${s} * C * H * W + r${s};`,
      );
    }
  }
  const body = registerGemmBody({
    ...tile,
    setup,
    loops: [
      'for (var o = 0u; o < Og; o++) { let wo = (grp * Og + o) * Cg * KH * KW; let yo = o * OH * OW;',
      'for (var kh = 0u; kh < KH; kh++) { let dh = i32(kh * DH);',
      'for (var kw = 0u; kw < KW; kw++) { let dw = i32(kw * DW);',
    ],
    inner: ['let wk = wo + kh * KW + kw;'],
    loadA: (i) => `wt[wk + wc${i}]`,
    loadB: (j, c) => `load_dy(yb${j}_${c} + yo, th${j}_${c} - dh, tw${j}_${c} - dw)`,
    store: (i, j, c, v) =>
      `if (${rowVar(i)} < Cg && ${colVar(j, c)} < COLS) { out[xo${j}_${c} + (grp * Cg + ${rowVar(i)}) * H * W] = ${v}; }`,
  });
  const code = `@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> wt: array<f32>;
${paramsDecl(CONV_PARAM_COUNT, 3)}

/** dy at the output position (eh / SH, ew / SW), or 0 if the window cannot land there. */
fn load_dy(base: u32, eh: i32, ew: i32) -> f32 {
  let OH = ${convParam('OH')};
  let OW = ${convParam('OW')};
  let SH = ${convParam('SH')};
  let SW = ${convParam('SW')};
  if (eh < 0 || ew < 0 || u32(eh) % SH != 0u || u32(ew) % SW != 0u) { return 0.0; }
  let oh = u32(eh) / SH;
  let ow = u32(ew) / SW;
  if (oh >= OH || ow >= OW) { return 0.0; }
  return dy[base + oh * OW + ow];
}

@compute @workgroup_size(${tile.WX}, ${tile.WY})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  ${convParamLets()}
  let t = wid.x + wid.y * nwg.x;
  if (t >= TILES_COLS * TILES_ROWS * G) { return; }
  let tn = t % TILES_COLS;
  let tm = (t / TILES_COLS) % TILES_ROWS;
  let grp = t / (TILES_COLS * TILES_ROWS);
  ${body}
}`;
  return {
    op: 'conv2dBackwardInput',
    label: `conv2dBackwardInput[implicit gemm ${RM}x${4 * CN}/thread, wg ${tile.WX}x${tile.WY}]`,
    code,
    bindings: ['readwrite', 'read', 'read', 'uniform'],
  };
}
