import type { BinaryOp, UnaryOp } from '@isotropic/tensor';
import type { GpuDType } from './dtypes.js';

/**
 * WGSL expressions for one element of each elementwise primitive, per dtype,
 * matching the CPU backend (see prelude.ts for the helpers they call).
 * bool values are u32; arithmetic on them wraps to 0..255 like the CPU's Uint8Array.
 */

const FLOAT_FN: Partial<Record<UnaryOp, (x: string) => string>> = {
  exp: (x) => `exp(${x})`,
  log: (x) => `log(${x})`,
  sqrt: (x) => `sqrt(${x})`,
  recip: (x) => `(1.0 / ${x})`,
  sin: (x) => `sin(${x})`,
  cos: (x) => `cos(${x})`,
  tanh: (x) => `tanh_f32(${x})`,
  erf: (x) => `erf_f32(${x})`,
};

function unaryF32(op: UnaryOp, x: string): string {
  const f = FLOAT_FN[op];
  if (f) return f(x);
  switch (op) {
    case 'copy':
      return x;
    case 'neg':
      return `(-${x})`;
    case 'abs':
      return `abs(${x})`;
    case 'sign':
      return `sign_f32(${x})`;
    case 'floor':
      return `floor(${x})`;
    case 'not':
      return `select(0.0, 1.0, !truthy_f32(${x}))`;
    default:
      throw new Error(`unreachable unary op ${op}`);
  }
}

function unaryI32(op: UnaryOp, x: string): string {
  const f = FLOAT_FN[op];
  if (f) return `js_to_i32(${f(`f32(${x})`)})`;
  switch (op) {
    case 'copy':
    case 'floor':
      return x;
    case 'neg':
      return `(-${x})`;
    case 'abs':
      return `abs(${x})`;
    case 'sign':
      return `select(select(0, -1, ${x} < 0), 1, ${x} > 0)`;
    case 'not':
      return `select(0, 1, ${x} == 0)`;
    default:
      throw new Error(`unreachable unary op ${op}`);
  }
}

export function unaryExpr(op: UnaryOp, dtype: GpuDType, x: string): string {
  if (dtype === 'float32') return unaryF32(op, x);
  if (dtype === 'int32') return unaryI32(op, x);
  if (op === 'copy') return x;
  if (op === 'not') return `select(0u, 1u, ${x} == 0u)`;
  return `(u32(${unaryI32(op, `i32(${x})`)}) & 0xffu)`;
}

const COMPARE: Partial<Record<BinaryOp, string>> = {
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
  eq: '==',
  ne: '!=',
};

function arithF32(op: BinaryOp, a: string, b: string): string {
  switch (op) {
    case 'add':
      return `(${a} + ${b})`;
    case 'sub':
      return `(${a} - ${b})`;
    case 'mul':
      return `(${a} * ${b})`;
    case 'div':
      return `(${a} / ${b})`;
    case 'pow':
      return `pow_f32(${a}, ${b})`;
    case 'max':
      return `max_js(${a}, ${b})`;
    case 'min':
      return `min_js(${a}, ${b})`;
    default:
      throw new Error(`unreachable binary op ${op}`);
  }
}

function arithI32(op: BinaryOp, a: string, b: string): string {
  switch (op) {
    case 'add':
      return `(${a} + ${b})`;
    case 'sub':
      return `(${a} - ${b})`;
    case 'mul':
      return `(${a} * ${b})`;
    case 'div':
      return `div_i32(${a}, ${b})`;
    case 'pow':
      return `pow_i32(${a}, ${b})`;
    case 'max':
      return `max(${a}, ${b})`;
    case 'min':
      return `min(${a}, ${b})`;
    default:
      throw new Error(`unreachable binary op ${op}`);
  }
}

/** The result is u32 0/1 for comparisons, else of the operands' type. */
export function binaryExpr(op: BinaryOp, dtype: GpuDType, a: string, b: string): string {
  const cmp = COMPARE[op];
  if (cmp) {
    if (dtype !== 'float32') return `u32(${a} ${cmp} ${b})`;
    // NaN compares unequal to everything and unordered with everything.
    if (op === 'ne') return `u32(!ordered(${a}, ${b}) || ${a} != ${b})`;
    return `u32(ordered(${a}, ${b}) && ${a} ${cmp} ${b})`;
  }
  if (dtype === 'float32') return arithF32(op, a, b);
  if (dtype === 'int32') return arithI32(op, a, b);
  return `(u32(${arithI32(op, `i32(${a})`, `i32(${b})`)}) & 0xffu)`;
}

/** Whether a value counts as true (JS truthiness: NaN is false). */
export function truthyExpr(dtype: GpuDType, x: string): string {
  return dtype === 'float32' ? `truthy_f32(${x})` : `(${x} != ${dtype === 'int32' ? '0' : '0u'})`;
}

/** Conversion with the CPU's rules: float to int truncates and wraps, anything non-zero (or NaN) to bool is 1. */
export function castExpr(from: GpuDType, to: GpuDType, x: string): string {
  if (from === to) return x;
  if (to === 'bool') {
    return from === 'float32' ? `u32(!is_zero(${x}) || is_nan(${x}))` : `u32(${x} != 0)`;
  }
  if (to === 'int32') return from === 'float32' ? `js_to_i32(${x})` : `i32(${x})`;
  return `f32(${x})`;
}
