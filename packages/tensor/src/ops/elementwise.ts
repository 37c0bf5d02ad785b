import type { BinaryOp, UnaryOp } from '../backend.js';
import { type DType, isFloat, promoteTypes } from '../dtype.js';
import { DTypeError } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import { Tensor } from '../tensor.js';
import { constant } from './constants.js';
import { binaryP, castP, unaryP, whereP } from './prim.js';

/** A tensor, or a JS scalar that takes the other operand's dtype where it fits. */
export type TensorLike = Tensor | number | boolean;

/** Casts unless already of `dtype` (recorded, so gradients pass through float casts). */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  if (!x.backend.supportsDType(dtype)) {
    throw new DTypeError(`cast: the ${x.backend.name} backend does not support ${dtype}`);
  }
  return castP(x, dtype);
}

/** JS scalars are "weakly typed" (as in JAX): 2 keeps a float32 tensor float32. */
function scalarDType(v: number | boolean, other: DType): DType {
  if (typeof v === 'boolean') return other;
  if (Number.isInteger(v)) return other === 'bool' ? 'int32' : other;
  return isFloat(other) ? other : 'float32';
}

function pair(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (a instanceof Tensor && b instanceof Tensor) return [a, b];
  if (a instanceof Tensor)
    return [a, constant(Number(b), scalarDType(b as number | boolean, a.dtype), a.backend)];
  if (b instanceof Tensor) return [constant(Number(a), scalarDType(a, b.dtype), b.backend), b];
  throw new DTypeError(`${op}: at least one operand must be a Tensor`);
}

type Promotion = 'arith' | 'float' | 'compare';

function binary(op: BinaryOp, a: TensorLike, b: TensorLike, promotion: Promotion): Tensor {
  let [x, y] = pair(op, a, b);
  let dtype = promoteTypes(x.dtype, y.dtype);
  if (promotion === 'arith' && dtype === 'bool') dtype = 'int32';
  if (promotion === 'float' && !isFloat(dtype)) dtype = 'float32';
  x = cast(x, dtype);
  y = cast(y, dtype);
  return binaryP(op, x, y, broadcastShapes(op, x.shape, y.shape));
}

export const add = (a: TensorLike, b: TensorLike): Tensor => binary('add', a, b, 'arith');
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary('sub', a, b, 'arith');
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary('mul', a, b, 'arith');
/** True division: integer operands give float32. */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary('div', a, b, 'float');
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary('pow', a, b, 'float');
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary('max', a, b, 'arith');
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary('min', a, b, 'arith');
export const lt = (a: TensorLike, b: TensorLike): Tensor => binary('lt', a, b, 'compare');
export const le = (a: TensorLike, b: TensorLike): Tensor => binary('le', a, b, 'compare');
export const gt = (a: TensorLike, b: TensorLike): Tensor => binary('gt', a, b, 'compare');
export const ge = (a: TensorLike, b: TensorLike): Tensor => binary('ge', a, b, 'compare');
export const eq = (a: TensorLike, b: TensorLike): Tensor => binary('eq', a, b, 'compare');
export const ne = (a: TensorLike, b: TensorLike): Tensor => binary('ne', a, b, 'compare');

/** Elementwise choice with broadcasting: `cond ? a : b`. */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  let [x, y] = pair('where', a, b);
  const dtype = promoteTypes(x.dtype, y.dtype);
  x = cast(x, dtype);
  y = cast(y, dtype);
  const c = cond instanceof Tensor ? cast(cond, 'bool') : constant(cond ? 1 : 0, 'bool', x.backend);
  return whereP(c, x, y, broadcastShapes('where', c.shape, x.shape, y.shape));
}

function unaryFloat(op: UnaryOp, x: Tensor): Tensor {
  return unaryP(op, isFloat(x.dtype) ? x : cast(x, 'float32'));
}

function unarySame(op: UnaryOp, x: Tensor): Tensor {
  return unaryP(op, x.dtype === 'bool' ? cast(x, 'int32') : x);
}

export const neg = (x: Tensor): Tensor => unarySame('neg', x);
export const abs = (x: Tensor): Tensor => unarySame('abs', x);
export const sign = (x: Tensor): Tensor => unarySame('sign', x);
export const exp = (x: Tensor): Tensor => unaryFloat('exp', x);
export const log = (x: Tensor): Tensor => unaryFloat('log', x);
export const sqrt = (x: Tensor): Tensor => unaryFloat('sqrt', x);
export const sin = (x: Tensor): Tensor => unaryFloat('sin', x);
export const cos = (x: Tensor): Tensor => unaryFloat('cos', x);
export const tanh = (x: Tensor): Tensor => unaryFloat('tanh', x);
export const erf = (x: Tensor): Tensor => unaryFloat('erf', x);
export const floor = (x: Tensor): Tensor => (isFloat(x.dtype) ? unaryP('floor', x) : x);
export const reciprocal = (x: Tensor): Tensor => unaryFloat('recip', x);
export const rsqrt = (x: Tensor): Tensor => reciprocal(sqrt(x));
export const square = (x: Tensor): Tensor => mul(x, x);
export const logicalNot = (x: Tensor): Tensor => unaryP('not', cast(x, 'bool'));

/** Clamps into [lo, hi]. */
export function clip(x: Tensor, lo: number, hi: number): Tensor {
  return minimum(maximum(x, lo), hi);
}
