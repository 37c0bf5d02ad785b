import type { Kernel } from '../runtime/kernel.js';
import { paramsDecl } from '../wgsl/params.js';
import { MATMUL_PARAM_COUNT, type MatmulLayout, MP, tileAndBatchCode } from './matmul-common.js';
import { type RegisterTile, tileName } from './matmul-tiles.js';

/**
 * C = A @ B with an RM x (4*CN) block of C per invocation held in vec4
 * registers and no workgroup memory (see matmul-tiles.ts for why). A thread's
 * column groups are WX vec4s apart, so neighbouring lanes read neighbouring
 * vec4s of B. Out-of-range rows and columns are clamped on load and skipped on
 * store, so any M, N, K works.
 */
export function registerMatmulKernel(tile: RegisterTile, layout: MatmulLayout): Kernel {
  const { RM, CN, WX, WY } = tile;
  const { bVec4, cVec4 } = layout;
  const rows = Array.from({ length: RM }, (_, i) => i);
  const groups = Array.from({ length: CN }, (_, j) => j);
  const lines: string[] = [];
  const emit = (s: string) => lines.push(s);

  // per-row A offsets (clamped), per-column B offsets (clamped)
  for (const i of rows) emit(`let ar${i} = a_base + min(row0 + ${i}u, ${MP.M} - 1u) * ${MP.aRs};`);
  if (bVec4) {
    emit(`let n4 = (${MP.N} + 3u) / 4u;`);
    emit(`let b4 = b_base / 4u;`);
    emit(`let brs4 = ${MP.bRs} / 4u;`);
    for (const j of groups) emit(`let bc${j} = b4 + min(cg0 + ${j * WX}u, n4 - 1u);`);
  } else {
    for (const j of groups) {
      for (let c = 0; c < 4; c++) {
        emit(`let bc${j}_${c} = b_base + min((cg0 + ${j * WX}u) * 4u + ${c}u, ${MP.N} - 1u) * ${MP.bCs};`);
      }
    }
  }
  for (const i of rows) for (const j of groups) emit(`var acc${i}_${j} = vec4<f32>(0.0);`);
  emit(`for (var k = 0u; k < ${MP.K}; k++) {`);
  for (const j of groups) {
    if (bVec4) emit(`  let b${j} = B[k * brs4 + bc${j}];`);
    else {
      const kb = `k * ${MP.bRs}`;
      emit(`  let b${j} = vec4<f32>(${[0, 1, 2, 3].map((c) => `B[${kb} + bc${j}_${c}]`).join(', ')});`);
    }
  }
  for (const i of rows) {
    emit(`  let a${i} = vec4<f32>(A[ar${i} + k * ${MP.aCs}]);`);
    for (const j of groups) emit(`  acc${i}_${j} = fma(a${i}, b${j}, acc${i}_${j});`);
  }
  emit('}');
  emit(`let c_base = batch * ${MP.M} * ${MP.N};`);
  for (const i of rows) {
    emit(`if (row0 + ${i}u < ${MP.M}) {`);
    emit(`  let crow = c_base + (row0 + ${i}u) * ${MP.N};`);
    for (const j of groups) {
      const cg = `cg0 + ${j * WX}u`;
      if (cVec4) emit(`  if (${cg} < ${MP.N} / 4u) { C[crow / 4u + ${cg}] = acc${i}_${j}; }`);
      else {
        for (let c = 0; c < 4; c++) {
          emit(
            `  if ((${cg}) * 4u + ${c}u < ${MP.N}) { C[crow + (${cg}) * 4u + ${c}u] = acc${i}_${j}[${c}]; }`,
          );
        }
      }
    }
    emit('}');
  }

  const code = `@group(0) @binding(0) var<storage, read_write> C: array<${cVec4 ? 'vec4<f32>' : 'f32'}>;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<${bVec4 ? 'vec4<f32>' : 'f32'}>;
${paramsDecl(MATMUL_PARAM_COUNT, 3)}

@compute @workgroup_size(${WX}, ${WY})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let t = wid.x + wid.y * nwg.x;
  ${tileAndBatchCode()}
  let row0 = (tm * ${WY}u + lid.y) * ${RM}u;
  let cg0 = tn * ${WX * CN}u + lid.x;
  ${lines.join('\n  ')}
}`;
  return {
    op: 'matmul',
    label: `matmul[${tileName(tile)}${bVec4 ? ' vec4 B' : ''}${cVec4 ? ' vec4 C' : ''}]`,
    code,
    bindings: ['readwrite', 'read', 'read', 'uniform'],
  };
}
