import { JOB_KIND } from '../kernels/layout.js';
import { DEPTHWISE_MODE, DEPTHWISE_PARAM } from '../kernels/params.js';
import { SCRATCH_BYTES } from '../runtime/wasm-runtime.js';
import { placeAll, type WasmContext } from './context.js';
import type { ConvGeometry } from './gemm.js';

/** Images and channels of a depthwise convolution (one input and output channel per group). */
export interface DepthwiseShape {
  readonly N: number;
  readonly C: number;
  readonly geometry: ConvGeometry;
}

const roundUp = (x: number, m: number) => Math.ceil(x / m) * m;

/** Size of the zero-padded input plane the kernels read (see kernels/depthwise.ts). */
function paddedPlane(g: ConvGeometry, vectorTail: number): { Hp: number; Wp: number } | undefined {
  const Hp = (g.OH - 1) * g.sh + (g.KH - 1) * g.dh + 1;
  const Wp = g.sw === 1 ? vectorTail + (g.KW - 1) * g.dw : (g.OW - 1) * g.sw + (g.KW - 1) * g.dw + 1;
  return 4 * Hp * Wp <= SCRATCH_BYTES && Hp > 0 && Wp > 0 ? { Hp, Wp } : undefined;
}

function run(
  ctx: WasmContext,
  mode: number,
  s: DepthwiseShape,
  ptrs: { x: number; w: number; out: number },
  plane: { Hp: number; Wp: number },
  chunks: number,
): void {
  ctx.runtime.setParams(DEPTHWISE_PARAM, { ...ptrs, C: s.C, mode, N: s.N, ...plane, ...s.geometry });
  const g = s.geometry;
  ctx.run(JOB_KIND.depthwise, chunks, 2 * s.N * s.C * g.OH * g.OW * g.KH * g.KW);
}

export function wasmDepthwise(ctx: WasmContext, x: Float32Array, w: Float32Array, s: DepthwiseShape) {
  const g = s.geometry;
  const plane = paddedPlane(g, roundUp(g.OW, 4));
  if (!plane || s.N * s.C * g.OH * g.OW === 0) return undefined;
  const out = ctx.output(s.N * s.C * g.OH * g.OW);
  const placed = out && placeAll(ctx, [x, w]);
  if (!out || !placed) {
    out?.abandon();
    return undefined;
  }
  run(
    ctx,
    DEPTHWISE_MODE.forward,
    s,
    { x: placed[0]!.ptr, w: placed[1]!.ptr, out: out.ptr },
    plane,
    s.N * s.C,
  );
  for (const p of placed) p.release();
  return out.finish();
}

/**
 * The input gradient as a forward depthwise convolution of dy with the flipped
 * kernel and padding d*(k-1) - p. Unit strides only (and p <= d*(k-1)); other
 * cases return undefined and use the TypeScript kernel.
 */
export function wasmDepthwiseBackwardInput(
  ctx: WasmContext,
  dy: Float32Array,
  w: Float32Array,
  s: DepthwiseShape,
) {
  const g = s.geometry;
  const ph = g.dh * (g.KH - 1) - g.ph;
  const pw = g.dw * (g.KW - 1) - g.pw;
  if (g.sh !== 1 || g.sw !== 1 || ph < 0 || pw < 0) return undefined;
  const flipped = new Float32Array(w.length);
  const taps = g.KH * g.KW;
  for (let c = 0; c < s.C; c++) {
    for (let t = 0; t < taps; t++) flipped[c * taps + t] = w[c * taps + taps - 1 - t]!;
  }
  const geometry: ConvGeometry = { ...g, H: g.OH, W: g.OW, OH: g.H, OW: g.W, ph, pw };
  return wasmDepthwise(ctx, dy, flipped, { N: s.N, C: s.C, geometry });
}

export function wasmDepthwiseBackwardWeight(
  ctx: WasmContext,
  x: Float32Array,
  dy: Float32Array,
  s: DepthwiseShape,
) {
  const g = s.geometry;
  const plane = paddedPlane(g, g.OW);
  if (!plane || s.N * s.C * g.OH * g.OW === 0) return undefined;
  const out = ctx.output(s.C * g.KH * g.KW);
  const placed = out && placeAll(ctx, [x, dy]);
  if (!out || !placed) {
    out?.abandon();
    return undefined;
  }
  run(
    ctx,
    DEPTHWISE_MODE.weightGradient,
    s,
    { x: placed[0]!.ptr, w: placed[1]!.ptr, out: out.ptr },
    plane,
    s.C,
  );
  for (const p of placed) p.release();
  return out.finish();
}
