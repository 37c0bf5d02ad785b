import type { Kernel } from '../runtime/kernel.js';
import { paramsDecl } from '../wgsl/params.js';
import { MATMUL_PARAM_COUNT, type MatmulLayout, MP, tileAndBatchCode } from './matmul-common.js';
import { type SharedTile, tileCols, tileName, tileRows } from './matmul-tiles.js';

/**
 * C = A @ B for GPUs: each workgroup computes a TM x TN tile of C, staging
 * TK-deep slices of A (stored k-major, so a thread's rows are one read each) and
 * B (as vec4 rows) through workgroup memory; each thread accumulates RM rows x
 * CN vec4 columns in registers. Loads are bounds-checked (zero outside) and go
 * through the strides, so transposed and batched views need no copy; the load
 * loop walks A along whichever of its axes is contiguous, so neighbouring
 * threads read neighbouring addresses.
 */
export function sharedMatmulKernel(tile: SharedTile, layout: MatmulLayout): Kernel {
  const { RM, CN, WX, WY, TK } = tile;
  const TM = tileRows(tile);
  const TN = tileCols(tile);
  const threads = WX * WY;
  const rows = Array.from({ length: RM }, (_, i) => i);
  const groups = Array.from({ length: CN }, (_, j) => j);
  const L: string[] = [];
  const emit = (s: string) => L.push(s);
  for (const i of rows) for (const j of groups) emit(`var acc${i}_${j} = vec4<f32>(0.0);`);
  emit(`for (var k0 = 0u; k0 < ${MP.K}; k0 += ${TK}u) {`);
  // stage A: TM x TK, element e of the tile -> (m, k), the contiguous axis fastest
  emit(`  for (var e = li; e < ${TM * TK}u; e += ${threads}u) {`);
  emit(`    let m = select(e / ${TK}u, e % ${TM}u, a_col_major);`);
  emit(`    let kk = select(e % ${TK}u, e / ${TM}u, a_col_major);`);
  emit(`    let gm = m0 + m; let gk = k0 + kk;`);
  emit(`    var v = 0.0;`);
  emit(`    if (gm < ${MP.M} && gk < ${MP.K}) { v = A[a_base + gm * ${MP.aRs} + gk * ${MP.aCs}]; }`);
  emit(`    As[kk][m] = v;`);
  emit('  }');
  // stage B: TK x TN (n fastest)
  emit(`  for (var e = li; e < ${TK * TN}u; e += ${threads}u) {`);
  emit(`    let kk = e / ${TN}u; let n = e % ${TN}u;`);
  emit(`    let gk = k0 + kk; let gn = n0 + n;`);
  emit(`    var v = 0.0;`);
  emit(`    if (gk < ${MP.K} && gn < ${MP.N}) { v = B[b_base + gk * ${MP.bRs} + gn * ${MP.bCs}]; }`);
  emit(`    Bs[kk][n / 4u][n % 4u] = v;`);
  emit('  }');
  emit('  workgroupBarrier();');
  emit(`  for (var kk = 0u; kk < ${TK}u; kk++) {`);
  for (const j of groups) emit(`    let b${j} = Bs[kk][lid.x + ${j * WX}u];`);
  for (const i of rows) {
    emit(`    let a${i} = vec4<f32>(As[kk][lid.y * ${RM}u + ${i}u]);`);
    for (const j of groups) emit(`    acc${i}_${j} = fma(a${i}, b${j}, acc${i}_${j});`);
  }
  emit('  }');
  emit('  workgroupBarrier();');
  emit('}');
  emit(`let c_base = batch * ${MP.M} * ${MP.N};`);
  for (const i of rows) {
    emit(`let r${i} = m0 + lid.y * ${RM}u + ${i}u;`);
    emit(`if (r${i} < ${MP.M}) {`);
    for (const j of groups) {
      const col = `n0 + (lid.x + ${j * WX}u) * 4u`;
      if (layout.cVec4)
        emit(`  if (${col} < ${MP.N}) { C[(c_base + r${i} * ${MP.N} + ${col}) / 4u] = acc${i}_${j}; }`);
      else {
        for (let c = 0; c < 4; c++) {
          emit(
            `  if (${col} + ${c}u < ${MP.N}) { C[c_base + r${i} * ${MP.N} + ${col} + ${c}u] = acc${i}_${j}[${c}]; }`,
          );
        }
      }
    }
    emit('}');
  }
  const code = `@group(0) @binding(0) var<storage, read_write> C: array<${layout.cVec4 ? 'vec4<f32>' : 'f32'}>;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
${paramsDecl(MATMUL_PARAM_COUNT, 3)}
var<workgroup> As: array<array<f32, ${TM}>, ${TK}>;
var<workgroup> Bs: array<array<vec4<f32>, ${TN / 4}>, ${TK}>;

@compute @workgroup_size(${WX}, ${WY})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  let t = wid.x + wid.y * nwg.x;
  ${tileAndBatchCode()}
  let m0 = tm * ${TM}u;
  let a_col_major = ${MP.aColumnMajor} != 0u;
  let n0 = tn * ${TN}u;
  ${L.join('\n  ')}
}`;
  return {
    op: 'matmul',
    label: `matmul[${tileName(tile)}${layout.cVec4 ? ' vec4 C' : ''}]`,
    code,
    bindings: ['readwrite', 'read', 'read', 'uniform'],
  };
}
