import type { Kernel } from '../runtime/kernel.js';
import { paramsDecl } from '../wgsl/params.js';
import { CONV_PARAM_COUNT, convParam, convParamLets } from './conv-geometry.js';
import type { RegisterTile } from './matmul-tiles.js';
import { colVar, registerGemmBody, rowVar } from './register-gemm.js';

/**
 * conv2d as an implicit GEMM, per group g: out[o, p] = sum_k w[o, k] * cols[k, p]
 * with rows o < Og, columns p = (n, oh, ow) < N*OH*OW and k = (c, kh, kw).
 * The im2col matrix is never built: each column precomputes its image base and
 * window corner, and the k loop reads the input directly (zero outside).
 */
export function conv2dForwardKernel(tile: RegisterTile): Kernel {
  const { RM, CN } = tile;
  const setup: string[] = [];
  for (let i = 0; i < RM; i++)
    setup.push(`let wr${i} = (grp * Og + min(${rowVar(i)}, Og - 1u)) * Cg * KH * KW;`);
  for (let j = 0; j < CN; j++) {
    for (let c = 0; c < 4; c++) {
      const s = `${j}_${c}`;
      setup.push(
        `let pc${s} = min(${colVar(j, c)}, COLS - 1u);`,
        `let n${s} = pc${s} / (OH * OW);`,
        `let q${s} = pc${s} % (OH * OW);`,
        `let xb${s} = (n${s} * C + grp * Cg) * H * W;`,
        `let ih${s} = i32((q${s} / OW) * SH) - PH;`,
        `let iw${s} = i32((q${s} % OW) * SW) - PW;`,
        `let ob${s} = n${s} * O * OH * OW + q${s};`,
      );
    }
  }
  const body = registerGemmBody({
    ...tile,
    setup,
    loops: [
      'for (var c = 0u; c < Cg; c++) { let xc = c * H * W;',
      'for (var kh = 0u; kh < KH; kh++) { let dh = i32(kh * DH);',
      'for (var kw = 0u; kw < KW; kw++) { let dw = i32(kw * DW);',
    ],
    inner: ['let wk = (c * KH + kh) * KW + kw;'],
    loadA: (i) => `wt[wr${i} + wk]`,
    loadB: (j, c) => `load_x(xb${j}_${c} + xc, ih${j}_${c} + dh, iw${j}_${c} + dw)`,
    store: (i, j, c, v) =>
      `if (${rowVar(i)} < Og && ${colVar(j, c)} < COLS) { out[ob${j}_${c} + (grp * Og + ${rowVar(i)}) * OH * OW] = ${v}; }`,
  });
  const code = `@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> xin: array<f32>;
@group(0) @binding(2) var<storage, read> wt: array<f32>;
${paramsDecl(CONV_PARAM_COUNT, 3)}

fn load_x(base: u32, ih: i32, iw: i32) -> f32 {
  let H = ${convParam('H')};
  let W = ${convParam('W')};
  if (u32(ih) < H && u32(iw) < W) { return xin[base + u32(ih) * W + u32(iw)]; }
  return 0.0;
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
    op: 'conv2d',
    label: `conv2d[implicit gemm ${RM}x${4 * CN}/thread, wg ${tile.WX}x${tile.WY}]`,
    code,
    bindings: ['readwrite', 'read', 'read', 'uniform'],
  };
}
