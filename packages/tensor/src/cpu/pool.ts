import type { Pool2dParams } from '../backend.js';
import { allocTyped, type DType, type TypedArray } from '../dtype.js';
import { convOutSize, type Shape } from '../shape.js';

/** Visits every output window; `visit(oIndex, xBase, ih0, iw0)` gets the window's top-left corner. */
function windows(
  xShape: Shape,
  p: Pool2dParams,
  visit: (o: number, xc: number, ih0: number, iw0: number) => void,
) {
  const [N, C, H, W] = xShape as [number, number, number, number];
  const OH = convOutSize(H, p.kernel[0], p.stride[0], p.padding[0], 1);
  const OW = convOutSize(W, p.kernel[1], p.stride[1], p.padding[1], 1);
  let o = 0;
  for (let nc = 0; nc < N * C; nc++) {
    const xc = nc * H * W;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, o++)
        visit(o, xc, oh * p.stride[0] - p.padding[0], ow * p.stride[1] - p.padding[1]);
    }
  }
  return { N, C, H, W, OH, OW };
}

/** Index (within x) of the first maximum of a window, or -1 if it lies fully in padding. */
function argmaxWindow(
  x: TypedArray,
  p: Pool2dParams,
  H: number,
  W: number,
  xc: number,
  ih0: number,
  iw0: number,
) {
  let best = -1;
  let bestV = -Infinity;
  for (let kh = 0; kh < p.kernel[0]; kh++) {
    const ih = ih0 + kh;
    if (ih < 0 || ih >= H) continue;
    for (let kw = 0; kw < p.kernel[1]; kw++) {
      const iw = iw0 + kw;
      if (iw < 0 || iw >= W) continue;
      const v = x[xc + ih * W + iw]!;
      if (best < 0 || v > bestV || (Number.isNaN(v) && !Number.isNaN(bestV))) {
        best = xc + ih * W + iw;
        bestV = v;
      }
    }
  }
  return best;
}

export function pool2dKernel(x: TypedArray, xShape: Shape, p: Pool2dParams, dtype: DType): TypedArray {
  const [N, C, H, W] = xShape as [number, number, number, number];
  const OH = convOutSize(H, p.kernel[0], p.stride[0], p.padding[0], 1);
  const OW = convOutSize(W, p.kernel[1], p.stride[1], p.padding[1], 1);
  const out = allocTyped(dtype, N * C * OH * OW);
  const area = p.kernel[0] * p.kernel[1];
  windows(xShape, p, (o, xc, ih0, iw0) => {
    if (p.mode === 'max') {
      const i = argmaxWindow(x, p, H, W, xc, ih0, iw0);
      out[o] = i < 0 ? -Infinity : x[i]!;
      return;
    }
    let s = 0;
    for (let kh = 0; kh < p.kernel[0]; kh++) {
      const ih = ih0 + kh;
      if (ih < 0 || ih >= H) continue;
      for (let kw = 0; kw < p.kernel[1]; kw++) {
        const iw = iw0 + kw;
        if (iw >= 0 && iw < W) s += x[xc + ih * W + iw]!;
      }
    }
    out[o] = s / area;
  });
  return out;
}

export function pool2dBackwardKernel(
  x: TypedArray,
  xShape: Shape,
  dy: TypedArray,
  p: Pool2dParams,
  dtype: DType,
): TypedArray {
  const [, , H, W] = xShape as [number, number, number, number];
  const dx = new Float64Array(x.length);
  const area = p.kernel[0] * p.kernel[1];
  windows(xShape, p, (o, xc, ih0, iw0) => {
    const d = dy[o]!;
    if (p.mode === 'max') {
      const i = argmaxWindow(x, p, H, W, xc, ih0, iw0);
      if (i >= 0) dx[i]! += d;
      return;
    }
    for (let kh = 0; kh < p.kernel[0]; kh++) {
      const ih = ih0 + kh;
      if (ih < 0 || ih >= H) continue;
      for (let kw = 0; kw < p.kernel[1]; kw++) {
        const iw = iw0 + kw;
        if (iw >= 0 && iw < W) dx[xc + ih * W + iw]! += d / area;
      }
    }
  });
  const out = allocTyped(dtype, dx.length);
  out.set(dx);
  return out;
}
