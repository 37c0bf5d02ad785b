import type { Kernel } from '../runtime/kernel.js';
import { paramsDecl } from '../wgsl/params.js';
import { CONV_PARAM_COUNT, convParam, convParamLets } from './conv-geometry.js';
import type { RegisterTile } from './matmul-tiles.js';
import { colVar, registerGemmBody, rowVar } from './register-gemm.js';

/**
 * Gradient of conv2d w.r.t. its weight as an implicit GEMM, per group g:
 * dw[o, j] = sum_k dy[o, k] * cols[j, k] with rows o < Og, columns
 * j = (c, kh, kw) < Cg*KH*KW and the reduction over k = (n, oh, ow), which is
 * long (batch x image) while the output is small. So the reduction is split:
 * split s covers output rows r = n*OH + oh in [s*CHUNK, (s+1)*CHUNK) and writes
 * its own partial weight gradient; the partials are summed afterwards.
 */
export function conv2dBackwardWeightKernel(tile: RegisterTile): Kernel {
  const { RM, CN } = tile;
  const setup: string[] = [];
  for (let i = 0; i < RM; i++) setup.push(`let yr${i} = (grp * Og + min(${rowVar(i)}, Og - 1u)) * OH * OW;`);
  for (let j = 0; j < CN; j++) {
    for (let c = 0; c < 4; c++) {
      const s = `${j}_${c}`;
      setup.push(
        `let jc${s} = min(${colVar(j, c)}, COLS - 1u);`,
        `let xc${s} = (grp * Cg + jc${s} / (KH * KW)) * H * W;`,
        `let dh${s} = i32(((jc${s} % (KH * KW)) / KW) * DH) - PH;`,
        `let dw${s} = i32((jc${s} % KW) * DW) - PW;`,
      );
    }
  }
  setup.push('let r_begin = split * CHUNK;', 'let r_end = min(N * OH, r_begin + CHUNK);');
  const body = registerGemmBody({
    ...tile,
    setup,
    loops: [
      'for (var r = r_begin; r < r_end; r++) { let n = r / OH; let oh = r % OH; let yn = n * O * OH * OW + oh * OW; let xn = n * C * H * W; let ih = i32(oh * SH);',
      'for (var ow = 0u; ow < OW; ow++) { let iw = i32(ow * SW);',
    ],
    inner: [],
    loadA: (i) => `dy[yr${i} + yn + ow]`,
    loadB: (j, c) => `load_x(xn + xc${j}_${c}, ih + dh${j}_${c}, iw + dw${j}_${c})`,
    store: (i, j, c, v) =>
      `if (${rowVar(i)} < Og && ${colVar(j, c)} < COLS) { out[split * O * COLS + (grp * Og + ${rowVar(i)}) * COLS + ${colVar(j, c)}] = ${v}; }`,
  });
  const code = `@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> xin: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
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
  if (t >= TILES_COLS * TILES_ROWS * G * SPLITS) { return; }
  let tn = t % TILES_COLS;
  let tm = (t / TILES_COLS) % TILES_ROWS;
  let grp = (t / (TILES_COLS * TILES_ROWS)) % G;
  let split = t / (TILES_COLS * TILES_ROWS * G);
  ${body}
}`;
  return {
    op: 'conv2dBackwardWeight',
    label: `conv2dBackwardWeight[implicit gemm ${RM}x${4 * CN}/thread, wg ${tile.WX}x${tile.WY}, split-k]`,
    code,
    bindings: ['readwrite', 'read', 'read', 'uniform'],
  };
}
