import type { Operand, ReduceOp } from '../backend.js';
import { allocTyped, type TypedArray } from '../dtype.js';
import { contiguousStrides, sizeOf } from '../shape.js';
import { forEachRun } from './strided.js';

/**
 * Reduces the trailing `reducedRank` dims. Sums accumulate in float64 (JS numbers),
 * so f32 sums over many elements stay accurate.
 */
export function reduceKernel(op: ReduceOp, x: Operand, src: TypedArray, reducedRank: number): TypedArray {
  const shape = x.view.shape;
  const outShape = shape.slice(0, shape.length - reducedRank);
  const outSize = sizeOf(outShape);
  if (op === 'argmax' || op === 'argmin') return argReduce(op, x, src);
  const acc = new Float64Array(outSize).fill(op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity);
  const outStrides = [...contiguousStrides(outShape), ...new Array<number>(reducedRank).fill(0)];
  forEachRun(shape, [outStrides, x.view.strides], [0, x.view.offset], (b, n, s) => {
    let o = b[0]!;
    const os = s[0]!;
    let xi = b[1]!;
    const xs = s[1]!;
    if (op === 'sum') {
      if (os === 0) {
        let t = 0;
        for (let i = 0; i < n; i++, xi += xs) t += src[xi]!;
        acc[o]! += t;
      } else for (let i = 0; i < n; i++, xi += xs, o += os) acc[o]! += src[xi]!;
    } else if (op === 'max') {
      for (let i = 0; i < n; i++, xi += xs, o += os) {
        const v = src[xi]!;
        if (v > acc[o]! || Number.isNaN(v)) acc[o] = v;
      }
    } else {
      for (let i = 0; i < n; i++, xi += xs, o += os) {
        const v = src[xi]!;
        if (v < acc[o]! || Number.isNaN(v)) acc[o] = v;
      }
    }
  });
  const out = allocTyped(x.dtype, outSize);
  out.set(acc);
  return out;
}

function argReduce(op: 'argmax' | 'argmin', x: Operand, src: TypedArray): Int32Array {
  const shape = x.view.shape;
  const r = shape.length - 1;
  const n = shape[r]!;
  const xs = x.view.strides[r]!;
  const outShape = shape.slice(0, r);
  const out = new Int32Array(sizeOf(outShape));
  const better = op === 'argmax' ? (v: number, w: number) => v > w : (v: number, w: number) => v < w;
  // iterate outer positions as runs over a rank-(r) space with a unit trailing dim
  forEachRun(
    [...outShape, 1],
    [
      [...contiguousStrides(outShape), 0],
      [...x.view.strides.slice(0, r), 0],
    ],
    [0, x.view.offset],
    (b, m, s) => {
      let o = b[0]!;
      let base = b[1]!;
      for (let j = 0; j < m; j++, o += s[0]!, base += s[1]!) {
        let best = 0;
        let bestV = src[base]!;
        for (let i = 1; i < n; i++) {
          const v = src[base + i * xs]!;
          if (Number.isNaN(bestV)) break;
          if (better(v, bestV) || Number.isNaN(v)) {
            best = i;
            bestV = v;
          }
        }
        out[o] = best;
      }
    },
  );
  return out;
}
