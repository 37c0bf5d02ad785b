/**
 * The WebAssembly opcodes the kernels use: MVP, SIMD (prefix 0xfd) and threads
 * (prefix 0xfe). Numbers from the core spec's binary format, section 5.4.
 */

export const VALTYPE = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValType = keyof typeof VALTYPE;

export const PREFIX_SIMD = 0xfd;
export const PREFIX_ATOMIC = 0xfe;
/** Bulk memory (memory.copy / memory.fill) sits under the 0xfc prefix. */
export const PREFIX_BULK = 0xfc;
export const BULK = { copy: 0x0a, fill: 0x0b } as const;

export const CONTROL = {
  unreachable: 0x00,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  call: 0x10,
  drop: 0x1a,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i64Const: 0x42,
  f32Const: 0x43,
  f64Const: 0x44,
  memoryGrow: 0x40,
  memorySize: 0x3f,
  blockTypeEmpty: 0x40,
} as const;

/** Loads and stores: opcode and natural alignment (log2 of the access size). */
export const MEMORY_OPS = {
  i32Load: [0x28, 2],
  i64Load: [0x29, 3],
  f32Load: [0x2a, 2],
  f64Load: [0x2b, 3],
  i32Load8u: [0x2d, 0],
  i32Store: [0x36, 2],
  i64Store: [0x37, 3],
  f32Store: [0x38, 2],
  f64Store: [0x39, 3],
  i32Store8: [0x3a, 0],
} as const;

export const I32_BINARY = {
  eq: 0x46,
  ne: 0x47,
  lt_s: 0x48,
  lt_u: 0x49,
  gt_s: 0x4a,
  gt_u: 0x4b,
  le_s: 0x4c,
  le_u: 0x4d,
  ge_s: 0x4e,
  ge_u: 0x4f,
  add: 0x6a,
  sub: 0x6b,
  mul: 0x6c,
  div_s: 0x6d,
  div_u: 0x6e,
  rem_s: 0x6f,
  rem_u: 0x70,
  and: 0x71,
  or: 0x72,
  xor: 0x73,
  shl: 0x74,
  shr_s: 0x75,
  shr_u: 0x76,
} as const;

export const I64_BINARY = {
  eq: 0x51,
  ne: 0x52,
  lt_u: 0x54,
  ge_u: 0x5a,
  add: 0x7c,
  sub: 0x7d,
  mul: 0x7e,
  and: 0x83,
  or: 0x84,
  shl: 0x86,
  shr_u: 0x88,
} as const;

export const F32_COMPARE = { eq: 0x5b, ne: 0x5c, lt: 0x5d, gt: 0x5e, le: 0x5f, ge: 0x60 } as const;
export const F32_ARITH = { add: 0x92, sub: 0x93, mul: 0x94, div: 0x95, min: 0x96, max: 0x97 } as const;
export const F64_COMPARE = { eq: 0x61, ne: 0x62, lt: 0x63, gt: 0x64, le: 0x65, ge: 0x66 } as const;
export const F64_ARITH = { add: 0xa0, sub: 0xa1, mul: 0xa2, div: 0xa3, min: 0xa4, max: 0xa5 } as const;

export const F32_UNARY = { abs: 0x8b, neg: 0x8c, floor: 0x8e, sqrt: 0x91 } as const;
export const F64_UNARY = { abs: 0x99, neg: 0x9a, floor: 0x9c, sqrt: 0x9f } as const;

/** Conversions: [opcode, from, to]. */
export const CONVERSIONS = {
  i32WrapI64: [0xa7, 'i64', 'i32'],
  i64ExtendI32u: [0xad, 'i32', 'i64'],
  f32ConvertI32s: [0xb2, 'i32', 'f32'],
  f32DemoteF64: [0xb6, 'f64', 'f32'],
  f64ConvertI32s: [0xb7, 'i32', 'f64'],
  f64PromoteF32: [0xbb, 'f32', 'f64'],
  i32ReinterpretF32: [0xbc, 'f32', 'i32'],
  f32ReinterpretI32: [0xbe, 'i32', 'f32'],
} as const;

/** SIMD instructions per lane shape; every one maps v128 operands to a v128. */
export const F32X4_BINARY = {
  eq: 0x41,
  ne: 0x42,
  lt: 0x43,
  gt: 0x44,
  le: 0x45,
  ge: 0x46,
  add: 0xe4,
  sub: 0xe5,
  mul: 0xe6,
  div: 0xe7,
  min: 0xe8,
  max: 0xe9,
  pmin: 0xea,
  pmax: 0xeb,
} as const;
export const F32X4_UNARY = {
  floor: 0x68,
  nearest: 0x6a,
  abs: 0xe0,
  neg: 0xe1,
  sqrt: 0xe3,
  convertI32x4s: 0xfa,
  demoteF64x2Zero: 0x5e,
} as const;
export const F64X2_BINARY = { add: 0xf0, sub: 0xf1, mul: 0xf2, div: 0xf3, min: 0xf4, max: 0xf5 } as const;
export const F64X2_UNARY = { promoteLowF32x4: 0x5f } as const;
export const I32X4_BINARY = {
  eq: 0x37,
  gt_s: 0x3b,
  add: 0xae,
  sub: 0xb1,
  mul: 0xb5,
  min_s: 0xb6,
  max_s: 0xb8,
} as const;
export const I32X4_UNARY = { truncSatF32x4s: 0xf8 } as const;
export const I32X4_SHIFT = { shl: 0xab, shr_s: 0xac, shr_u: 0xad } as const;
export const V128_BINARY = { and: 0x4e, andnot: 0x4f, or: 0x50, xor: 0x51 } as const;
export const V128_UNARY = { not: 0x4d } as const;

/** Splat and extract_lane opcodes per shape. */
export const SPLAT = { i32x4: 0x11, f32x4: 0x13, f64x2: 0x14 } as const;
export const EXTRACT_LANE = { i32x4: 0x1b, f32x4: 0x1f, f64x2: 0x21 } as const;
export const REPLACE_LANE = { f32x4: 0x20 } as const;

/** SIMD memory instructions (they take a memarg): opcode and natural alignment. */
export const SIMD_MEMORY = {
  load: [0x00, 4],
  load32Splat: [0x09, 2],
  store: [0x0b, 4],
  load32Zero: [0x5c, 2],
  load64Zero: [0x5d, 3],
} as const;

/** SIMD lane memory instructions (memarg then a lane index). */
export const SIMD_LANE_MEMORY = {
  load32Lane: [0x56, 2],
  store32Lane: [0x5a, 2],
  store64Lane: [0x5b, 3],
} as const;

export const SIMD_OTHER = { const: 0x0c, shuffle: 0x0d, bitselect: 0x52, anyTrue: 0x53 } as const;

export const ATOMIC = {
  notify: [0x00, 2],
  i32Load: [0x10, 2],
  i64Load: [0x11, 3],
  i32Store: [0x17, 2],
  i64Store: [0x18, 3],
  i32RmwAdd: [0x1e, 2],
  i64RmwCmpxchg: [0x49, 3],
} as const;
