import type { BinaryOp, Conv2dParams, Operand, Pool2dParams, ReduceOp, UnaryOp } from '../backend.js';
import { COMPARISON_OPS } from '../backend.js';
import type { DType } from '../dtype.js';
import { assertSameBackend } from '../engine.js';
import { isGradEnabled } from '../grad-mode.js';
import type { CustomVjp, Primitive } from '../primitive.js';
import { contiguousStrides, type Shape } from '../shape.js';
import { fromHandle, type Tensor, viewOf } from '../tensor.js';
import { isContiguous, permuteView, reshapeView, type View } from '../view.js';

/**
 * The only place ops touch a backend. Each wrapper runs one primitive, wraps
 * the result, and records the graph node autograd needs. Public ops in the
 * sibling files are compositions of these. Shapes are validated by callers.
 */

function record(out: Tensor, prim: Primitive, inputs: readonly Tensor[]): Tensor {
  if (isGradEnabled() && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out._node = { prim, inputs };
  }
  return out;
}

/** A strided view of `t` broadcast to `shape` (stride 0 on new and size-1 dims). */
function broadcastOperand(op: string, t: Tensor, shape: Shape): Operand {
  const base = t.operand(op);
  const v = base.view;
  const lead = shape.length - v.shape.length;
  const strides = shape.map((d, i) => {
    if (i < lead) return 0;
    const sd = v.shape[i - lead]!;
    return sd === 1 && d !== 1 ? 0 : v.strides[i - lead]!;
  });
  return { ...base, view: { shape: [...shape], strides, offset: v.offset } };
}

/** @internal Operand guaranteed contiguous at offset 0 (copies if needed, without recording). */
export function contiguousOperand(op: string, t: Tensor): { operand: Operand; release: () => void } {
  const o = t.operand(op);
  if (isContiguous(o.view)) return { operand: o, release: () => {} };
  const h = t.backend.unary('copy', o);
  const shape = o.view.shape;
  return {
    operand: { storage: h, dtype: o.dtype, view: { shape, strides: contiguousStrides(shape), offset: 0 } },
    release: () => t.backend.release(h),
  };
}

export function unaryP(op: UnaryOp, x: Tensor): Tensor {
  const out = fromHandle(x.backend, x.backend.unary(op, x.operand(op)), x.shape, x.dtype);
  return record(out, { kind: 'unary', op }, [x]);
}

export function binaryP(op: BinaryOp, a: Tensor, b: Tensor, outShape: Shape): Tensor {
  const backend = assertSameBackend(op, [a.backend, b.backend]);
  const h = backend.binary(
    op,
    broadcastOperand(op, a, outShape),
    broadcastOperand(op, b, outShape),
    outShape,
  );
  const out = fromHandle(backend, h, outShape, COMPARISON_OPS.has(op) ? 'bool' : a.dtype);
  return record(out, { kind: 'binary', op }, [a, b]);
}

export function whereP(c: Tensor, a: Tensor, b: Tensor, outShape: Shape): Tensor {
  const backend = assertSameBackend('where', [c.backend, a.backend, b.backend]);
  const h = backend.where(
    broadcastOperand('where', c, outShape),
    broadcastOperand('where', a, outShape),
    broadcastOperand('where', b, outShape),
    outShape,
  );
  return record(fromHandle(backend, h, outShape, a.dtype), { kind: 'where' }, [c, a, b]);
}

export function castP(x: Tensor, dtype: DType): Tensor {
  const out = fromHandle(x.backend, x.backend.cast(x.operand('cast'), dtype), x.shape, dtype);
  return record(out, { kind: 'cast', dtype }, [x]);
}

/** Reduces `axes` (sorted, unique); the output drops them. argmax/argmin take one axis. */
export function reduceP(op: ReduceOp, x: Tensor, axes: readonly number[]): Tensor {
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const o = x.operand(op);
  const view = permuteView(o.view, [...kept, ...axes]);
  const h = x.backend.reduce(op, { ...o, view }, axes.length);
  const outShape = kept.map((i) => x.shape[i]!);
  const dtype: DType = op === 'argmax' || op === 'argmin' ? 'int32' : x.dtype;
  return record(fromHandle(x.backend, h, outShape, dtype), { kind: 'reduce', op, axes: [...axes] }, [x]);
}

/** a [...batch, M, K] @ b [...batch, K, N], batch dims already broadcast to `batch`. */
export function matmulP(a: Tensor, b: Tensor, batch: Shape): Tensor {
  const backend = assertSameBackend('matmul', [a.backend, b.backend]);
  const m = a.shape[a.ndim - 2]!;
  const k = a.shape[a.ndim - 1]!;
  const n = b.shape[b.ndim - 1]!;
  const h = backend.matmul(
    broadcastOperand('matmul', a, [...batch, m, k]),
    broadcastOperand('matmul', b, [...batch, k, n]),
  );
  return record(fromHandle(backend, h, [...batch, m, n], a.dtype), { kind: 'matmul' }, [a, b]);
}

/** Runs a structured kernel on contiguous copies of its inputs. */
function structured(
  op: string,
  inputs: readonly Tensor[],
  run: (ops: Operand[]) => ReturnType<Tensor['backend']['upload']>,
) {
  const backend = assertSameBackend(
    op,
    inputs.map((t) => t.backend),
  );
  const cs = inputs.map((t) => contiguousOperand(op, t));
  try {
    return { backend, handle: run(cs.map((c) => c.operand)) };
  } finally {
    for (const c of cs) c.release();
  }
}

export function conv2dP(x: Tensor, w: Tensor, params: Conv2dParams, outShape: Shape): Tensor {
  const { backend, handle } = structured('conv2d', [x, w], ([xo, wo]) => x.backend.conv2d(xo!, wo!, params));
  return record(fromHandle(backend, handle, outShape, x.dtype), { kind: 'conv2d', params }, [x, w]);
}

export function conv2dBackwardInputP(dy: Tensor, w: Tensor, xShape: Shape, params: Conv2dParams): Tensor {
  const { backend, handle } = structured('conv2dBackwardInput', [dy, w], ([d, wo]) =>
    dy.backend.conv2dBackwardInput(d!, wo!, xShape, params),
  );
  return record(
    fromHandle(backend, handle, xShape, dy.dtype),
    { kind: 'conv2dBackwardInput', params, xShape },
    [dy, w],
  );
}

export function conv2dBackwardWeightP(x: Tensor, dy: Tensor, wShape: Shape, params: Conv2dParams): Tensor {
  const { backend, handle } = structured('conv2dBackwardWeight', [x, dy], ([xo, d]) =>
    x.backend.conv2dBackwardWeight(xo!, d!, wShape, params),
  );
  return record(
    fromHandle(backend, handle, wShape, x.dtype),
    { kind: 'conv2dBackwardWeight', params, wShape },
    [x, dy],
  );
}

export function pool2dP(x: Tensor, params: Pool2dParams, outShape: Shape): Tensor {
  const { backend, handle } = structured('pool2d', [x], ([xo]) => x.backend.pool2d(xo!, params));
  return record(fromHandle(backend, handle, outShape, x.dtype), { kind: 'pool2d', params }, [x]);
}

export function pool2dBackwardP(x: Tensor, dy: Tensor, params: Pool2dParams): Tensor {
  const { backend, handle } = structured('pool2dBackward', [x, dy], ([xo, d]) =>
    x.backend.pool2dBackward(xo!, d!, params),
  );
  return record(fromHandle(backend, handle, x.shape, x.dtype), { kind: 'pool2dBackward', params }, [x, dy]);
}

export function gatherP(x: Tensor, index: Tensor, axis: number): Tensor {
  const { backend, handle } = structured('gather', [x, index], ([xo, io]) =>
    x.backend.gather(xo!, io!, axis),
  );
  return record(fromHandle(backend, handle, index.shape, x.dtype), { kind: 'gather', axis }, [x, index]);
}

export function scatterAddP(src: Tensor, index: Tensor, axis: number, outShape: Shape): Tensor {
  const { backend, handle } = structured('scatterAdd', [src, index], ([so, io]) =>
    src.backend.scatterAdd(so!, io!, axis, outShape),
  );
  return record(fromHandle(backend, handle, outShape, src.dtype), { kind: 'scatterAdd', axis, outShape }, [
    src,
    index,
  ]);
}

export function padP(x: Tensor, widths: readonly (readonly [number, number])[], value: number): Tensor {
  const outShape = x.shape.map((d, i) => d + widths[i]![0] + widths[i]![1]);
  const { backend, handle } = structured('pad', [x], ([xo]) => x.backend.pad(xo!, widths, value));
  return record(fromHandle(backend, handle, outShape, x.dtype), { kind: 'pad', widths, value }, [x]);
}

export function concatP(xs: readonly Tensor[], axis: number): Tensor {
  const total = xs.reduce((s, x) => s + x.shape[axis]!, 0);
  const outShape = xs[0]!.shape.map((d, i) => (i === axis ? total : d));
  const { backend, handle } = structured('concat', xs, (ops) => xs[0]!.backend.concat(ops, axis));
  return record(fromHandle(backend, handle, outShape, xs[0]!.dtype), { kind: 'concat', axis }, xs);
}

// ---- views: no kernel, only a new strided view of the same storage ----------

export function reshapeP(x: Tensor, shape: Shape): Tensor {
  const v = reshapeView(x._view, shape);
  let out: Tensor;
  if (v) out = viewOf(x, v);
  else {
    // the layout cannot be reshaped in place: materialise, then view
    const c = contiguousOperand('reshape', x);
    const flat = fromHandle(x.backend, c.operand.storage, x.shape, x.dtype);
    out = viewOf(flat, reshapeView(flat._view, shape)!);
    flat.dispose();
  }
  return record(out, { kind: 'reshape', shape: [...shape] }, [x]);
}

export function permuteP(x: Tensor, perm: readonly number[]): Tensor {
  return record(viewOf(x, permuteView(x._view, perm)), { kind: 'permute', perm: [...perm] }, [x]);
}

/** Broadcast view to `shape` (the caller checked compatibility). */
export function expandP(x: Tensor, shape: Shape): Tensor {
  const o = broadcastOperand('broadcastTo', x, shape);
  return record(viewOf(x, o.view), { kind: 'expand', shape: [...shape] }, [x]);
}

/** Strided sub-view: dim i takes shape[i] elements from starts[i] with steps[i] > 0. */
export function sliceP(x: Tensor, starts: readonly number[], steps: readonly number[], shape: Shape): Tensor {
  const v: View = x._view;
  let offset = v.offset;
  for (let i = 0; i < starts.length; i++) if (shape[i]! > 0) offset += starts[i]! * v.strides[i]!;
  const view: View = { shape: [...shape], strides: v.strides.map((s, i) => s * steps[i]!), offset };
  return record(
    viewOf(x, view),
    { kind: 'slice', starts: [...starts], steps: [...steps], shape: [...shape] },
    [x],
  );
}

/** Records a user-defined op whose value was computed by `forward` (see autograd's customGrad). */
export function customP(out: Tensor, name: string, vjp: CustomVjp, inputs: readonly Tensor[]): Tensor {
  return record(out, { kind: 'custom', name, vjp }, inputs);
}
