import { pu } from '../wgsl/params.js';

/**
 * Parameters shared by the matmul kernels:
 * [M, N, K, tilesN, tilesM, batches, aOff, aRowStride, aColStride, bOff,
 *  bRowStride, bColStride, aColumnMajor, then BATCH_DIMS x (size, aStride, bStride)].
 * Batch dims are padded to a fixed count (size 1), and A's layout is a flag, so
 * that one shader serves every batch rank and layout: each distinct shader is
 * another pipeline to compile (~1 s on lavapipe).
 */
export const MP = {
  M: pu(0),
  N: pu(1),
  K: pu(2),
  tilesN: pu(3),
  tilesM: pu(4),
  batches: pu(5),
  aOff: pu(6),
  aRs: pu(7),
  aCs: pu(8),
  bOff: pu(9),
  bRs: pu(10),
  bCs: pu(11),
  aColumnMajor: pu(12),
} as const;
export const BATCH_DIMS = 4;
export const MATMUL_PARAM_COUNT = 13 + 3 * BATCH_DIMS;

/** How the kernels may read B and write C (vec4 needs 4-aligned rows and offsets). */
export interface MatmulLayout {
  /** B is row-major with 4-aligned rows and offsets: read it as vec4. */
  readonly bVec4: boolean;
  /** N is a multiple of 4: write C as vec4. */
  readonly cVec4: boolean;
}

/**
 * WGSL that decodes the linear workgroup index `t` into (tn, tm, batch) and the
 * batch's offsets `a_base` / `b_base` (in elements). Returns early past the end
 * (uniformly: the whole workgroup leaves together).
 */
export function tileAndBatchCode(): string {
  const lines = [
    `if (t >= ${MP.tilesN} * ${MP.tilesM} * ${MP.batches}) { return; }`,
    `let tn = t % ${MP.tilesN};`,
    `let tm = (t / ${MP.tilesN}) % ${MP.tilesM};`,
    `var brem = t / (${MP.tilesN} * ${MP.tilesM});`,
    `let batch = brem;`,
    `var a_base = ${MP.aOff};`,
    `var b_base = ${MP.bOff};`,
  ];
  for (let d = BATCH_DIMS - 1; d >= 0; d--) {
    const size = pu(13 + 3 * d);
    lines.push(
      `a_base += (brem % ${size}) * ${pu(14 + 3 * d)};`,
      `b_base += (brem % ${size}) * ${pu(15 + 3 * d)};`,
      `brem = brem / ${size};`,
    );
  }
  return lines.join('\n  ');
}
