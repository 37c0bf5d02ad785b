/** How position embeddings are resized to another patch grid. */
export type PosEmbedInterpolation = 'bicubic' | 'bilinear';

/** Keys' cubic convolution kernel with a = -0.5 (PIL's, and PyTorch's antialiased bicubic). */
function cubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  return 0;
}

function triangle(x: number): number {
  const t = Math.abs(x);
  return t < 1 ? 1 - t : 0;
}

const FILTERS: Record<
  PosEmbedInterpolation,
  { readonly filter: (x: number) => number; readonly taps: number }
> = {
  bicubic: { filter: cubic, taps: 4 },
  bilinear: { filter: triangle, taps: 2 },
};

/**
 * The (outSize x inSize) matrix of one axis of PyTorch's
 * `F.interpolate(mode, align_corners=False, antialias=True)`, the call timm's
 * `resample_abs_pos_embed` makes (bicubic by default). Row i holds the weights of
 * output sample i, centred at `scale * (i + 0.5)` in input coordinates; when
 * shrinking, the filter is stretched by the scale (that is the antialiasing);
 * taps that fall outside the input are dropped and the rest renormalised to sum
 * to 1 (PIL's edge rule, so a constant stays constant). Row-major, float64.
 */
export function resizeMatrix(inSize: number, outSize: number, mode: PosEmbedInterpolation): Float64Array {
  const { filter, taps } = FILTERS[mode];
  const scale = inSize / outSize;
  const stretch = Math.max(scale, 1);
  const support = (taps / 2) * stretch;
  const out = new Float64Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const centre = scale * (i + 0.5);
    // C++ int64 casts truncate toward zero; the clamps make that floor-like here
    const lo = Math.max(Math.trunc(centre - support + 0.5), 0);
    const hi = Math.min(Math.trunc(centre + support + 0.5), inSize);
    let total = 0;
    for (let j = lo; j < hi; j++) total += filter((j - centre + 0.5) / stretch);
    for (let j = lo; j < hi; j++) {
      out[i * inSize + j] = total === 0 ? 0 : filter((j - centre + 0.5) / stretch) / total;
    }
  }
  return out;
}
