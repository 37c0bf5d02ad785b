import type { Conv2dParams } from '../backend.js';
import { allocTyped, type DType, type TypedArray } from '../dtype.js';
import { convOutSize, type Shape } from '../shape.js';
import { gemm, KC, NC } from './matmul.js';

/** Geometry of one conv2d call; inputs are contiguous NCHW / OIHW. */
interface Geometry {
  N: number;
  C: number;
  H: number;
  W: number;
  O: number;
  KH: number;
  KW: number;
  OH: number;
  OW: number;
  G: number;
  Cg: number;
  Og: number;
  p: Conv2dParams;
}

function geometry(xShape: Shape, wShape: Shape, p: Conv2dParams): Geometry {
  const [N, C, H, W] = xShape as [number, number, number, number];
  const [O, Cg, KH, KW] = wShape as [number, number, number, number];
  const OH = convOutSize(H, KH, p.stride[0], p.padding[0], p.dilation[0]);
  const OW = convOutSize(W, KW, p.stride[1], p.padding[1], p.dilation[1]);
  return { N, C, H, W, O, KH, KW, OH, OW, G: p.groups, Cg, Og: O / p.groups, p };
}

/** Unfolds image n, group g into cols[(c*KH+kh)*KW+kw, oh*OW+ow] (zeros outside). */
function im2col(x: TypedArray, g: Geometry, n: number, grp: number, cols: Float64Array): void {
  const { C, H, W, KH, KW, OH, OW, Cg, p } = g;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [dh, dw] = p.dilation;
  let r = 0;
  for (let c = 0; c < Cg; c++) {
    const xc = (n * C + grp * Cg + c) * H * W;
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++, r++) {
        const row = r * OH * OW;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * sh - ph + kh * dh;
          const dst = row + oh * OW;
          if (ih < 0 || ih >= H) {
            cols.fill(0, dst, dst + OW);
            continue;
          }
          const xr = xc + ih * W;
          for (let ow = 0; ow < OW; ow++) {
            const iw = ow * sw - pw + kw * dw;
            cols[dst + ow] = iw >= 0 && iw < W ? x[xr + iw]! : 0;
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: adds cols back into dx for image n, group g. */
function col2im(cols: Float64Array, g: Geometry, n: number, grp: number, dx: Float64Array): void {
  const { C, H, W, KH, KW, OH, OW, Cg, p } = g;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [dh, dw] = p.dilation;
  let r = 0;
  for (let c = 0; c < Cg; c++) {
    const xc = (n * C + grp * Cg + c) * H * W;
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++, r++) {
        const row = r * OH * OW;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * sh - ph + kh * dh;
          if (ih < 0 || ih >= H) continue;
          const xr = xc + ih * W;
          for (let ow = 0; ow < OW; ow++) {
            const iw = ow * sw - pw + kw * dw;
            if (iw >= 0 && iw < W) dx[xr + iw]! += cols[row + oh * OW + ow]!;
          }
        }
      }
    }
  }
}

function scratch(M: number, N: number) {
  return {
    panel: new Float64Array(KC * Math.min(NC, Math.max(N, 1))),
    aRow: new Float64Array(KC),
    c: new Float64Array(M * N),
  };
}

export function conv2dKernel(
  x: TypedArray,
  xShape: Shape,
  w: TypedArray,
  wShape: Shape,
  p: Conv2dParams,
  dtype: DType,
) {
  const g = geometry(xShape, wShape, p);
  const { N, O, OH, OW, Cg, Og, KH, KW, G } = g;
  const out = allocTyped(dtype, N * O * OH * OW);
  if (Cg === 1 && Og === 1) return depthwiseForward(x, w, g, out);
  const K = Cg * KH * KW;
  const P = OH * OW;
  const cols = new Float64Array(K * P);
  const s = scratch(Og, P);
  for (let n = 0; n < N; n++) {
    for (let grp = 0; grp < G; grp++) {
      im2col(x, g, n, grp, cols);
      gemm(w, grp * Og * K, K, 1, cols, 0, P, 1, s.c, Og, K, P, s.panel, s.aRow);
      out.set(s.c, (n * O + grp * Og) * P);
    }
  }
  return out;
}

export function conv2dBackwardInputKernel(
  dy: TypedArray,
  w: TypedArray,
  xShape: Shape,
  wShape: Shape,
  p: Conv2dParams,
  dtype: DType,
) {
  const g = geometry(xShape, wShape, p);
  const { N, C, H, W, O, OH, OW, Cg, Og, KH, KW, G } = g;
  const dx = new Float64Array(N * C * H * W);
  if (Cg === 1 && Og === 1) depthwiseBackwardInput(dy, w, g, dx);
  else {
    const K = Cg * KH * KW;
    const P = OH * OW;
    const s = scratch(K, P);
    for (let n = 0; n < N; n++) {
      for (let grp = 0; grp < G; grp++) {
        // dcols [K, P] = W_g^T [K, Og] @ dY_g [Og, P]
        gemm(w, grp * Og * K, 1, K, dy, (n * O + grp * Og) * P, P, 1, s.c, K, Og, P, s.panel, s.aRow);
        col2im(s.c, g, n, grp, dx);
      }
    }
  }
  const out = allocTyped(dtype, dx.length);
  out.set(dx);
  return out;
}

export function conv2dBackwardWeightKernel(
  x: TypedArray,
  dy: TypedArray,
  xShape: Shape,
  wShape: Shape,
  p: Conv2dParams,
  dtype: DType,
) {
  const g = geometry(xShape, wShape, p);
  const { N, O, OH, OW, Cg, Og, KH, KW, G } = g;
  const K = Cg * KH * KW;
  const dw = new Float64Array(O * K);
  if (Cg === 1 && Og === 1) depthwiseBackwardWeight(x, dy, g, dw);
  else {
    const P = OH * OW;
    const cols = new Float64Array(K * P);
    const s = scratch(Og, K);
    for (let n = 0; n < N; n++) {
      for (let grp = 0; grp < G; grp++) {
        im2col(x, g, n, grp, cols);
        // dW_g [Og, K] += dY_g [Og, P] @ cols^T [P, K]
        gemm(dy, (n * O + grp * Og) * P, P, 1, cols, 0, 1, P, s.c, Og, P, K, s.panel, s.aRow);
        const base = grp * Og * K;
        for (let i = 0; i < Og * K; i++) dw[base + i]! += s.c[i]!;
      }
    }
  }
  const out = allocTyped(dtype, dw.length);
  out.set(dw);
  return out;
}

// ---- depthwise (one input and one output channel per group): direct loops ----

function depthwiseForward(x: TypedArray, w: TypedArray, g: Geometry, out: TypedArray): TypedArray {
  const { N, C, H, W, KH, KW, OH, OW, p } = g;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [dh, dwl] = p.dilation;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const xc = (n * C + c) * H * W;
      const oc = (n * C + c) * OH * OW;
      const wc = c * KH * KW;
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          let acc = 0;
          for (let kh = 0; kh < KH; kh++) {
            const ih = oh * sh - ph + kh * dh;
            if (ih < 0 || ih >= H) continue;
            for (let kw = 0; kw < KW; kw++) {
              const iw = ow * sw - pw + kw * dwl;
              if (iw >= 0 && iw < W) acc += x[xc + ih * W + iw]! * w[wc + kh * KW + kw]!;
            }
          }
          out[oc + oh * OW + ow] = acc;
        }
      }
    }
  }
  return out;
}

function depthwiseBackwardInput(dy: TypedArray, w: TypedArray, g: Geometry, dx: Float64Array): void {
  const { N, C, H, W, KH, KW, OH, OW, p } = g;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [dh, dwl] = p.dilation;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const xc = (n * C + c) * H * W;
      const oc = (n * C + c) * OH * OW;
      const wc = c * KH * KW;
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          const d = dy[oc + oh * OW + ow]!;
          for (let kh = 0; kh < KH; kh++) {
            const ih = oh * sh - ph + kh * dh;
            if (ih < 0 || ih >= H) continue;
            for (let kw = 0; kw < KW; kw++) {
              const iw = ow * sw - pw + kw * dwl;
              if (iw >= 0 && iw < W) dx[xc + ih * W + iw]! += d * w[wc + kh * KW + kw]!;
            }
          }
        }
      }
    }
  }
}

function depthwiseBackwardWeight(x: TypedArray, dy: TypedArray, g: Geometry, dw: Float64Array): void {
  const { N, C, H, W, KH, KW, OH, OW, p } = g;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [dh, dwl] = p.dilation;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const xc = (n * C + c) * H * W;
      const oc = (n * C + c) * OH * OW;
      const wc = c * KH * KW;
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          const d = dy[oc + oh * OW + ow]!;
          for (let kh = 0; kh < KH; kh++) {
            const ih = oh * sh - ph + kh * dh;
            if (ih < 0 || ih >= H) continue;
            for (let kw = 0; kw < KW; kw++) {
              const iw = ow * sw - pw + kw * dwl;
              if (iw >= 0 && iw < W) dw[wc + kh * KW + kw]! += d * x[xc + ih * W + iw]!;
            }
          }
        }
      }
    }
  }
}
