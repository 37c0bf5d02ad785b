import { allocTyped, type DType, type TypedArray } from '../dtype.js';
import { ValueError } from '../errors.js';
import { contiguousStrides, type Shape, sizeOf } from '../shape.js';

/** Splits a shape around `axis` into (outer, axisSize, inner) for row-major loops. */
function around(shape: Shape, axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis]!, sizeOf(shape.slice(axis + 1))];
}

function checkIndex(op: string, i: number, n: number): void {
  if (i < 0 || i >= n) throw new ValueError(`${op}: index ${i} is out of range for an axis of size ${n}`);
}

export function gatherKernel(
  x: TypedArray,
  xShape: Shape,
  index: Int32Array,
  outShape: Shape,
  axis: number,
  dtype: DType,
): TypedArray {
  const out = allocTyped(dtype, sizeOf(outShape));
  const xStrides = contiguousStrides(xShape);
  const rank = outShape.length;
  const coord = new Int32Array(rank);
  for (let o = 0; o < out.length; o++) {
    const j = index[o]!;
    checkIndex('gather', j, xShape[axis]!);
    let xi = 0;
    for (let d = 0; d < rank; d++) xi += (d === axis ? j : coord[d]!) * xStrides[d]!;
    out[o] = x[xi]!;
    for (let d = rank - 1; d >= 0; d--) {
      if (++coord[d]! < outShape[d]!) break;
      coord[d] = 0;
    }
  }
  return out;
}

export function scatterAddKernel(
  src: TypedArray,
  srcShape: Shape,
  index: Int32Array,
  outShape: Shape,
  axis: number,
  dtype: DType,
): TypedArray {
  const acc = new Float64Array(sizeOf(outShape));
  const outStrides = contiguousStrides(outShape);
  const rank = srcShape.length;
  const coord = new Int32Array(rank);
  for (let s = 0; s < src.length; s++) {
    const j = index[s]!;
    checkIndex('scatterAdd', j, outShape[axis]!);
    let oi = 0;
    for (let d = 0; d < rank; d++) oi += (d === axis ? j : coord[d]!) * outStrides[d]!;
    acc[oi]! += src[s]!;
    for (let d = rank - 1; d >= 0; d--) {
      if (++coord[d]! < srcShape[d]!) break;
      coord[d] = 0;
    }
  }
  const out = allocTyped(dtype, acc.length);
  out.set(acc);
  return out;
}

export function padKernel(
  x: TypedArray,
  xShape: Shape,
  widths: readonly (readonly [number, number])[],
  value: number,
  dtype: DType,
): TypedArray {
  const outShape = xShape.map((d, i) => d + widths[i]![0] + widths[i]![1]);
  const out = allocTyped(dtype, sizeOf(outShape));
  if (value !== 0) out.fill(value);
  if (sizeOf(xShape) === 0) return out;
  const rank = xShape.length;
  if (rank === 0) {
    out[0] = x[0]!;
    return out;
  }
  const outStrides = contiguousStrides(outShape);
  const rowLen = xShape[rank - 1]!;
  const rows = sizeOf(xShape) / rowLen;
  const coord = new Int32Array(rank - 1);
  for (let r = 0; r < rows; r++) {
    let o = widths[rank - 1]![0];
    for (let d = 0; d < rank - 1; d++) o += (coord[d]! + widths[d]![0]) * outStrides[d]!;
    // short rows: a loop (a subarray per row would allocate as many objects as rows)
    if (rowLen < 64) for (let i = 0, xi = r * rowLen; i < rowLen; i++) out[o + i] = x[xi + i]!;
    else out.set(x.subarray(r * rowLen, (r + 1) * rowLen), o);
    for (let d = rank - 2; d >= 0; d--) {
      if (++coord[d]! < xShape[d]!) break;
      coord[d] = 0;
    }
  }
  return out;
}

export function concatKernel(
  xs: readonly { data: TypedArray; shape: Shape }[],
  axis: number,
  dtype: DType,
): TypedArray {
  const total = xs.reduce((s, x) => s + x.shape[axis]!, 0);
  const first = xs[0]!.shape;
  const outShape = first.map((d, i) => (i === axis ? total : d));
  const out = allocTyped(dtype, sizeOf(outShape));
  const [outer, , inner] = around(outShape, axis);
  let off = 0;
  for (const x of xs) {
    const chunk = x.shape[axis]! * inner;
    for (let o = 0; o < outer; o++)
      out.set(x.data.subarray(o * chunk, (o + 1) * chunk), o * total * inner + off);
    off += chunk;
  }
  return out;
}
