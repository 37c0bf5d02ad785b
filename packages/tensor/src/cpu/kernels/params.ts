import type { Code, Local } from '../wasm/code-builder.js';
import { CTRL, paramAddr } from './layout.js';

/**
 * Parameter slots of each job kind (i32 unless noted). The host writes them with
 * `JobParams`, the kernels read them with `readParams`; both sides use these
 * names so the layout is declared once.
 */

/** Convolution geometry, shared by the im2col packers, col2im and depthwise. */
const CONV_GEOMETRY = {
  H: 16,
  W: 17,
  KH: 18,
  KW: 19,
  OH: 20,
  OW: 21,
  sh: 22,
  sw: 23,
  ph: 24,
  pw: 25,
  dh: 26,
  dw: 27,
} as const;

export const GEMM_PARAM = {
  M: 0,
  N: 1,
  K: 2,
  /** Rows and columns of C per chunk. */
  mc: 3,
  nc: 4,
  chunksM: 5,
  chunksN: 6,
  /** Products summed into each output group (conv weight gradients: one per image). */
  segments: 7,
  /** Per (group, segment): i32 pointers to the A and B bases. */
  segTable: 8,
  /** Per group: i32 pointer to C. */
  cTable: 9,
  aRs: 10,
  aCs: 11,
  bRs: 12,
  bCs: 13,
  ldc: 14,
  /** How B is read: B_SOURCE. */
  bSource: 15,
  ...CONV_GEOMETRY,
} as const;

/** How a GEMM chunk gets its B block: packs it (from a strided matrix or an image), or reads B packed once per job. */
export const B_SOURCE = { strided: 0, im2col: 1, im2colTransposed: 2, prepacked: 3 } as const;

/**
 * Materialising a transposed view: out [outer, R, C] contiguous from an input
 * whose unit stride runs along R (in[r + c * sIn] within each outer block).
 */
export const TRANSPOSE_PARAM = {
  out: 0,
  a: 1,
  R: 2,
  C: 3,
  sIn: 4,
  rowsPerChunk: 5,
  /** Per outer block: the i32 element offset of its input. */
  outerTable: 6,
  blocksPerOuter: 7,
} as const;

/** Packing whole B matrices into strips of NR columns over all of K, once per job (PACK_B job). */
export const PACK_B_PARAM = {
  K: 0,
  N: 1,
  bRs: 2,
  bCs: 3,
  /** Distinct B matrices to pack; per matrix: i32 source and destination pointers. */
  count: 4,
  table: 5,
  stripsPerChunk: 6,
} as const;

/** A chunk is one (image, channel): C channels per image, each image's cols and dx that many floats apart. */
export const COL2IM_PARAM = {
  cols: 0,
  dx: 1,
  P: 2,
  C: 3,
  colsImage: 4,
  dxImage: 5,
  /** Planes (image * C + channel) in all, and per chunk. */
  planes: 6,
  planesPerChunk: 7,
  ...CONV_GEOMETRY,
} as const;

export const DEPTHWISE_PARAM = {
  x: 0,
  w: 1,
  out: 2,
  C: 3,
  /** DEPTHWISE_MODE. */
  mode: 4,
  /** Images (weight-gradient mode sums over them). */
  N: 5,
  /** Padded plane geometry (computed by the host). */
  Hp: 6,
  Wp: 7,
  ...CONV_GEOMETRY,
} as const;

export const DEPTHWISE_MODE = { forward: 0, weightGradient: 1 } as const;

/** Dims of an elementwise job after the host merged contiguous ones (outermost first). */
export const ELEMENTWISE_RANK = 6;

function numbered<P extends string>(
  prefix: P,
  first: number,
): Record<`${P}${0 | 1 | 2 | 3 | 4 | 5}`, number> {
  const out = {} as Record<`${P}${0 | 1 | 2 | 3 | 4 | 5}`, number>;
  for (let i = 0; i < ELEMENTWISE_RANK; i++) out[`${prefix}${i as 0 | 1 | 2 | 3 | 4 | 5}`] = first + i;
  return out;
}

/** Elementwise jobs over up to ELEMENTWISE_RANK dims; strides in elements. */
export const ELEMENTWISE_PARAM = {
  op: 0,
  out: 1,
  a: 2,
  b: 3,
  /** Rows (all dims but the innermost) per chunk. */
  rowsPerChunk: 4,
  /** ELEMENTWISE_PATTERN of the innermost strides, chosen by the host. */
  pattern: 5,
  ...numbered('d', 6),
  ...numbered('aS', 12),
  ...numbered('bS', 18),
} as const;

/**
 * Innermost-dim access patterns with their own loops: both operands unit-stride,
 * one broadcast along the row (stride 0), or anything else (scalar loop).
 */
export const ELEMENTWISE_PATTERN = { unitUnit: 0, unitBroadcast: 1, broadcastUnit: 2, general: 3 } as const;

export const ARITHMETIC_OPS = ['add', 'sub', 'mul', 'div', 'max', 'min'] as const;
/** Comparisons write int32 1 / 0 (the host turns them into a bool mask). */
export const COMPARE_OPS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export const BINARY_OPS = [...ARITHMETIC_OPS, ...COMPARE_OPS] as const;
export const UNARY_OPS = [
  'copy',
  'neg',
  'abs',
  'sqrt',
  'recip',
  'exp',
  'log',
  'tanh',
  'erf',
  'floor',
  'sign',
] as const;

/** Reductions: outputs indexed by up to 2 kept dims, reducing up to 2 dims. */
export const REDUCE_PARAM = {
  op: 0,
  out: 1,
  x: 2,
  /** Outputs per chunk. */
  perChunk: 3,
  outer0: 4,
  outer1: 5,
  inner0: 6,
  inner1: 7,
  sOuter0: 8,
  sOuter1: 9,
  sInner0: 10,
  sInner1: 11,
  outputs: 12,
  /** REDUCE_PATTERN. */
  pattern: 13,
} as const;

/**
 * rows: the innermost reduced dim is unit-stride (vectorise along it);
 * columns: the innermost kept dim is unit-stride (vectorise across 4 outputs);
 * general: scalar.
 */
export const REDUCE_PATTERN = { rows: 0, columns: 1, general: 2 } as const;

export const REDUCE_OPS = ['sum', 'max', 'min'] as const;

/**
 * The fused characteristic-function kernels (ECF and its gradient) on z [N, M],
 * t_k = k * step. A chunk is (row chunk, column chunk); columns go by vectors
 * of 4, the last one possibly ragged.
 */
export const ECF_PARAM = {
  /** Byte address of z[0, 0]. */
  z: 0,
  N: 1,
  M: 2,
  /** z strides in elements. */
  sN: 3,
  sM: 4,
  /** Knots, t_0 = 0 included (the kernels start at k = 1). */
  K: 5,
  /** f32: the grid step t_1. */
  step: 6,
  /** Column vectors (of 4) per chunk, and column chunks. */
  vecsPerChunk: 7,
  colChunks: 8,
  rowsPerChunk: 9,
  /** ECF_OUTPUT: means into out, or f64 sums per row chunk into out (forward only). */
  output: 10,
  /** Forward: out [2, K, M] f32 or partials [rowChunk][2][K - 1][Mpad] f64. Backward: dz [N, M] f32. */
  out: 11,
  /** Backward: per column vector and knot k >= 1, the f32x4 pair (t_k g_sin / N, -t_k g_cos / N). */
  table: 12,
} as const;

export const ECF_OUTPUT = { means: 0, partialSums: 1 } as const;

/** Loads parameter slots into fresh locals. */
export function readParams<K extends string>(c: Code, slots: Record<K, number>): Record<K, Local<'i32'>> {
  const out = {} as Record<K, Local<'i32'>>;
  for (const name of Object.keys(slots) as K[]) {
    const l = c.local('i32');
    c.set(l, c.i32.load(c.i32c(paramAddr(slots[name]))));
    out[name] = l;
  }
  return out;
}

/** Start of thread `tid`'s scratch region. */
export function scratchOf(c: Code, tid: Local<'i32'>, into: Local<'i32'>): void {
  c.set(
    into,
    c.i32.add(
      c.i32.load(c.i32c(CTRL.scratchBase)),
      c.i32.mul(c.get(tid), c.i32.load(c.i32c(CTRL.scratchStride))),
    ),
  );
}
