import type { Conv2dParams } from '../../backend.js';
import { convOutSize, type Shape } from '../../shape.js';
import { JOB_KIND } from '../kernels/layout.js';
import { B_SOURCE, COL2IM_PARAM } from '../kernels/params.js';
import { placeAll, type WasmContext } from './context.js';
import { type ConvGeometry, type GemmGroup, runGemm } from './gemm.js';

/**
 * conv2d and its two gradients as implicit GEMMs (NCHW, weights OIHW):
 * forward   Y[n,g] [Og, P]  = W[g] [Og, K] @ im2col(X[n,g]) [K, P]
 * input     dX[n,g]         = col2im(W[g]^T [K, Og] @ dY[n,g] [Og, P])
 * weight    dW[g] [Og, K]   = sum_n dY[n,g] [Og, P] @ im2col(X[n,g])^T [P, K]
 * with K = Cg*KH*KW and P = OH*OW. A 1x1 convolution with unit stride and no
 * padding reads the image directly as a strided matrix (and needs no col2im).
 */
interface Conv {
  readonly N: number;
  readonly C: number;
  readonly O: number;
  readonly G: number;
  readonly Cg: number;
  readonly Og: number;
  /** Reduction length of the forward GEMM: Cg * KH * KW. */
  readonly K: number;
  /** Output pixels per image. */
  readonly P: number;
  readonly HW: number;
  readonly geometry: ConvGeometry;
  /** 1x1, unit stride, no padding: the image is the im2col matrix. */
  readonly pointwise: boolean;
}

export function convGeometry(xShape: Shape, wShape: Shape, p: Conv2dParams): Conv {
  const [N, C, H, W] = xShape as [number, number, number, number];
  const [O, Cg, KH, KW] = wShape as [number, number, number, number];
  const OH = convOutSize(H, KH, p.stride[0], p.padding[0], p.dilation[0]);
  const OW = convOutSize(W, KW, p.stride[1], p.padding[1], p.dilation[1]);
  const geometry: ConvGeometry = {
    H,
    W,
    KH,
    KW,
    OH,
    OW,
    sh: p.stride[0],
    sw: p.stride[1],
    ph: p.padding[0],
    pw: p.padding[1],
    dh: p.dilation[0],
    dw: p.dilation[1],
  };
  const pointwise =
    KH === 1 &&
    KW === 1 &&
    p.stride[0] === 1 &&
    p.stride[1] === 1 &&
    p.padding[0] === 0 &&
    p.padding[1] === 0;
  return {
    N,
    C,
    O,
    G: p.groups,
    Cg,
    Og: O / p.groups,
    K: Cg * KH * KW,
    P: OH * OW,
    HW: H * W,
    geometry,
    pointwise,
  };
}

/** Any empty dimension: the TypeScript kernels handle those. */
function degenerate(g: Conv): boolean {
  return g.N * g.C * g.O * g.K * g.P === 0;
}

export function wasmConv2d(
  ctx: WasmContext,
  x: Float32Array,
  w: Float32Array,
  g: Conv,
): Float32Array | undefined {
  if (degenerate(g)) return undefined;
  const out = ctx.output(g.N * g.O * g.P);
  const placed = out && placeAll(ctx, [x, w]);
  if (!out || !placed) {
    out?.abandon();
    return undefined;
  }
  const [px, pw] = placed as [{ ptr: number; release(): void }, { ptr: number; release(): void }];
  try {
    const groups: GemmGroup[] = [];
    for (let n = 0; n < g.N; n++) {
      for (let grp = 0; grp < g.G; grp++) {
        groups.push({
          c: out.ptr + 4 * (n * g.O + grp * g.Og) * g.P,
          segments: [{ a: pw.ptr + 4 * grp * g.Og * g.K, b: px.ptr + 4 * (n * g.C + grp * g.Cg) * g.HW }],
        });
      }
    }
    const ok = runGemm(ctx, {
      M: g.Og,
      N: g.P,
      K: g.K,
      aRs: g.K,
      aCs: 1,
      bRs: g.HW,
      bCs: 1,
      ldc: g.P,
      groups,
      bSource: g.pointwise ? B_SOURCE.strided : B_SOURCE.im2col,
      geometry: g.geometry,
    });
    if (!ok) {
      out.abandon();
      return undefined;
    }
    return out.finish();
  } finally {
    px.release();
    pw.release();
  }
}

export function wasmConv2dBackwardWeight(
  ctx: WasmContext,
  x: Float32Array,
  dy: Float32Array,
  g: Conv,
): Float32Array | undefined {
  if (degenerate(g)) return undefined;
  const out = ctx.output(g.O * g.K);
  const placed = out && placeAll(ctx, [x, dy]);
  if (!out || !placed) {
    out?.abandon();
    return undefined;
  }
  const [px, pdy] = placed as [{ ptr: number; release(): void }, { ptr: number; release(): void }];
  try {
    const groups: GemmGroup[] = [];
    for (let grp = 0; grp < g.G; grp++) {
      const segments = [];
      for (let n = 0; n < g.N; n++) {
        segments.push({
          a: pdy.ptr + 4 * (n * g.O + grp * g.Og) * g.P,
          b: px.ptr + 4 * (n * g.C + grp * g.Cg) * g.HW,
        });
      }
      groups.push({ c: out.ptr + 4 * grp * g.Og * g.K, segments });
    }
    const ok = runGemm(ctx, {
      M: g.Og,
      N: g.K,
      K: g.P,
      aRs: g.P,
      aCs: 1,
      // pointwise: B[p][c] = x[c*HW + p]
      bRs: 1,
      bCs: g.HW,
      ldc: g.K,
      groups,
      bSource: g.pointwise ? B_SOURCE.strided : B_SOURCE.im2colTransposed,
      geometry: g.geometry,
    });
    if (!ok) {
      out.abandon();
      return undefined;
    }
    return out.finish();
  } finally {
    px.release();
    pdy.release();
  }
}

/** Scatter-adds (taps x pixels) per col2im chunk, at least: small planes are grouped. */
const COL2IM_CHUNK_WORK = 1 << 12;

/** Bytes of im2col columns the backward-input pass may hold at once (a batch of images). */
const COLS_BUDGET_BYTES = 16 << 20;

export function wasmConv2dBackwardInput(
  ctx: WasmContext,
  dy: Float32Array,
  w: Float32Array,
  g: Conv,
): Float32Array | undefined {
  if (degenerate(g)) return undefined;
  const out = ctx.output(g.N * g.C * g.HW);
  const placed = out && placeAll(ctx, [dy, w]);
  // the non-pointwise case computes a batch of images' columns at a time: one GEMM and
  // one col2im pass per batch rather than per image (small images made per-image
  // passes mostly scheduling)
  const imageCols = g.G * g.K * g.P;
  let batch = Math.max(1, Math.min(g.N, Math.floor(COLS_BUDGET_BYTES / (4 * imageCols))));
  let cols = g.pointwise ? undefined : ctx.temp(4 * batch * imageCols);
  if (!g.pointwise && !cols && batch > 1) {
    // a heap too full for the batch still takes one image at a time
    batch = 1;
    cols = ctx.temp(4 * imageCols);
  }
  if (!out || !placed || (!g.pointwise && !cols)) {
    out?.abandon();
    for (const p of placed ?? []) p.release();
    cols?.release();
    return undefined;
  }
  const [pdy, pw] = placed as [{ ptr: number; release(): void }, { ptr: number; release(): void }];
  try {
    // A = W[g]^T: A[i = tap, k = o] = w[(g*Og + o) * K + tap]
    const shared = { aRs: 1, aCs: g.K, bRs: g.P, bCs: 1, bSource: B_SOURCE.strided };
    const groupsFor = (n: number, c: (grp: number) => number): GemmGroup[] =>
      Array.from({ length: g.G }, (_, grp) => ({
        c: c(grp),
        segments: [{ a: pw.ptr + 4 * grp * g.Og * g.K, b: pdy.ptr + 4 * (n * g.O + grp * g.Og) * g.P }],
      }));
    if (g.pointwise) {
      const groups = Array.from({ length: g.N }, (_, n) =>
        groupsFor(n, (grp) => out.ptr + 4 * (n * g.C + grp * g.Cg) * g.HW),
      ).flat();
      if (!runGemm(ctx, { ...shared, M: g.K, N: g.P, K: g.Og, ldc: g.HW, groups }))
        throw new OutOfWasmMemory();
      return out.finish();
    }
    for (let n0 = 0; n0 < g.N; n0 += batch) {
      const images = Math.min(batch, g.N - n0);
      const groups = Array.from({ length: images }, (_, i) =>
        groupsFor(n0 + i, (grp) => cols!.ptr + 4 * (i * imageCols + grp * g.K * g.P)),
      ).flat();
      if (!runGemm(ctx, { ...shared, M: g.K, N: g.P, K: g.Og, ldc: g.P, groups }))
        throw new OutOfWasmMemory();
      const planes = images * g.C;
      const planesPerChunk = Math.max(
        1,
        Math.floor(COL2IM_CHUNK_WORK / (g.geometry.KH * g.geometry.KW * g.P)),
      );
      ctx.runtime.setParams(COL2IM_PARAM, {
        cols: cols!.ptr,
        dx: out.ptr + 4 * n0 * g.C * g.HW,
        P: g.P,
        C: g.C,
        colsImage: imageCols,
        dxImage: g.C * g.HW,
        planes,
        planesPerChunk,
        ...g.geometry,
      });
      ctx.run(JOB_KIND.col2im, Math.ceil(planes / planesPerChunk), planes * g.K * g.P);
    }
    return out.finish();
  } catch (e) {
    if (!(e instanceof OutOfWasmMemory)) throw e;
    out.abandon();
    return undefined;
  } finally {
    pdy.release();
    pw.release();
    cols?.release();
  }
}

/** Internal signal: a table allocation failed midway; the caller falls back to TypeScript. */
class OutOfWasmMemory extends Error {}
