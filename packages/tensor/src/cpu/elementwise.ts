import { type BinaryOp, COMPARISON_OPS, type Operand, type UnaryOp } from '../backend.js';
import { allocTyped, type DType, type TypedArray } from '../dtype.js';
import { contiguousStrides, type Shape, sizeOf } from '../shape.js';
import { erf32, erf64 } from './math.js';
import { forEachRun } from './strided.js';

type Fn1 = (x: number) => number;
type Fn2 = (a: number, b: number) => number;

function unaryFn(op: UnaryOp, dtype: DType): Fn1 {
  switch (op) {
    case 'copy':
      return (x) => x;
    case 'neg':
      return (x) => -x;
    case 'abs':
      return Math.abs;
    case 'sign':
      return (x) => (x > 0 ? 1 : x < 0 ? -1 : 0);
    case 'exp':
      return Math.exp;
    case 'log':
      return Math.log;
    case 'sqrt':
      return Math.sqrt;
    case 'recip':
      return (x) => 1 / x;
    case 'sin':
      return Math.sin;
    case 'cos':
      return Math.cos;
    case 'tanh':
      return Math.tanh;
    case 'erf':
      return dtype === 'float64' ? erf64 : erf32;
    case 'floor':
      return Math.floor;
    case 'not':
      return (x) => (x ? 0 : 1);
  }
}

function binaryFn(op: BinaryOp, dtype: DType): Fn2 {
  switch (op) {
    case 'add':
      return (a, b) => a + b;
    case 'sub':
      return (a, b) => a - b;
    case 'mul':
      return dtype === 'int32' ? Math.imul : (a, b) => a * b;
    case 'div':
      return dtype === 'int32' ? (a, b) => Math.trunc(a / b) : (a, b) => a / b;
    case 'pow':
      return Math.pow;
    case 'max':
      return (a, b) => (a > b || Number.isNaN(a) ? a : b);
    case 'min':
      return (a, b) => (a < b || Number.isNaN(a) ? a : b);
    case 'lt':
      return (a, b) => (a < b ? 1 : 0);
    case 'le':
      return (a, b) => (a <= b ? 1 : 0);
    case 'gt':
      return (a, b) => (a > b ? 1 : 0);
    case 'ge':
      return (a, b) => (a >= b ? 1 : 0);
    case 'eq':
      return (a, b) => (a === b ? 1 : 0);
    case 'ne':
      return (a, b) => (a !== b ? 1 : 0);
  }
}

const ZERO_OFFSET = 0;

export function unaryKernel(op: UnaryOp, x: Operand, src: TypedArray): TypedArray {
  const shape = x.view.shape;
  const out = allocTyped(x.dtype, sizeOf(shape));
  const f = unaryFn(op, x.dtype);
  forEachRun(shape, [contiguousStrides(shape), x.view.strides], [ZERO_OFFSET, x.view.offset], (b, n, s) => {
    const o = b[0]!;
    const xs = s[1]!;
    let xi = b[1]!;
    if (op === 'copy') {
      if (xs === 1) out.set(src.subarray(xi, xi + n), o);
      else for (let i = 0; i < n; i++, xi += xs) out[o + i] = src[xi]!;
      return;
    }
    for (let i = 0; i < n; i++, xi += xs) out[o + i] = f(src[xi]!);
  });
  return out;
}

export function binaryKernel(
  op: BinaryOp,
  a: Operand,
  aData: TypedArray,
  b: Operand,
  bData: TypedArray,
  outShape: Shape,
  outDType: DType,
): TypedArray {
  const out = allocTyped(outDType, sizeOf(outShape));
  const strides = [contiguousStrides(outShape), a.view.strides, b.view.strides];
  const offsets = [ZERO_OFFSET, a.view.offset, b.view.offset];
  // the hot ops get dedicated loops; the rest go through a function table
  if (op === 'add' || op === 'mul' || op === 'sub') {
    forEachRun(outShape, strides, offsets, (base, n, s) => {
      const o = base[0]!;
      let ai = base[1]!;
      let bi = base[2]!;
      const as = s[1]!;
      const bs = s[2]!;
      if (op === 'add') for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = aData[ai]! + bData[bi]!;
      else if (op === 'sub')
        for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = aData[ai]! - bData[bi]!;
      else if (outDType === 'int32')
        for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = Math.imul(aData[ai]!, bData[bi]!);
      else for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = aData[ai]! * bData[bi]!;
    });
    return out;
  }
  if (COMPARISON_OPS.has(op)) {
    // comparisons (ReLU and max backward, masks) get loops of their own too: through
    // the function table every element paid a call the JIT cannot inline
    forEachRun(outShape, strides, offsets, (base, n, s) => compareRun(op, out, aData, bData, base, n, s));
    return out;
  }
  const f = binaryFn(op, a.dtype);
  forEachRun(outShape, strides, offsets, (base, n, s) => {
    const o = base[0]!;
    let ai = base[1]!;
    let bi = base[2]!;
    const as = s[1]!;
    const bs = s[2]!;
    for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = f(aData[ai]!, bData[bi]!);
  });
  return out;
}

/**
 * One strided run of a comparison into a bool (0/1) output. `+(x > y)` rather than
 * `x > y ? 1 : 0`: V8 compiles the former without a branch, and on data that
 * goes either way at random (ReLU's mask) the branch mispredicted half the time
 * (measured: 17 ms against 3 ms for 3.2M elements).
 */
function compareRun(
  op: BinaryOp,
  out: TypedArray,
  a: TypedArray,
  b: TypedArray,
  base: Int32Array,
  n: number,
  s: Int32Array,
): void {
  const o = base[0]!;
  let ai = base[1]!;
  let bi = base[2]!;
  const as = s[1]!;
  const bs = s[2]!;
  switch (op) {
    case 'lt':
      for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = +(a[ai]! < b[bi]!);
      return;
    case 'le':
      for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = +(a[ai]! <= b[bi]!);
      return;
    case 'gt':
      for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = +(a[ai]! > b[bi]!);
      return;
    case 'ge':
      for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = +(a[ai]! >= b[bi]!);
      return;
    case 'eq':
      for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = +(a[ai]! === b[bi]!);
      return;
    default:
      for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = +(a[ai]! !== b[bi]!);
  }
}

export function whereKernel(
  c: Operand,
  cData: TypedArray,
  a: Operand,
  aData: TypedArray,
  b: Operand,
  bData: TypedArray,
  outShape: Shape,
): TypedArray {
  const out = allocTyped(a.dtype, sizeOf(outShape));
  forEachRun(
    outShape,
    [contiguousStrides(outShape), c.view.strides, a.view.strides, b.view.strides],
    [ZERO_OFFSET, c.view.offset, a.view.offset, b.view.offset],
    (base, n, s) => {
      const o = base[0]!;
      let ci = base[1]!;
      let ai = base[2]!;
      let bi = base[3]!;
      for (let i = 0; i < n; i++, ci += s[1]!, ai += s[2]!, bi += s[3]!)
        out[o + i] = cData[ci] ? aData[ai]! : bData[bi]!;
    },
  );
  return out;
}

/** `into`, when given, is the output (of `dtype`, x's size; need not be zeroed). */
export function castKernel(x: Operand, src: TypedArray, dtype: DType, into?: TypedArray): TypedArray {
  const shape = x.view.shape;
  const out = into ?? allocTyped(dtype, sizeOf(shape));
  const conv: Fn1 = dtype === 'bool' ? (v) => +(v !== 0) : dtype === 'int32' ? Math.trunc : (v) => v;
  forEachRun(shape, [contiguousStrides(shape), x.view.strides], [ZERO_OFFSET, x.view.offset], (b, n, s) => {
    const o = b[0]!;
    let xi = b[1]!;
    // a typed-array copy converts as assignment does (int32: truncate, then wrap like
    // Math.trunc's result would): one native call instead of n calls of `conv`
    if (dtype !== 'bool' && s[1] === 1) out.set(src.subarray(xi, xi + n), o);
    else for (let i = 0; i < n; i++, xi += s[1]!) out[o + i] = conv(src[xi]!);
  });
  return out;
}
