import { type Pool2dParams, pad, slice, type Tensor } from '@isotropic/tensor';

/**
 * The pooling windows of `t` [N, C, H, W] as kernel-many tensors of the output
 * shape [N, C, OH, OW]: entry kh * KW + kw holds, for every window, the element at
 * offset (kh, kw) inside it. Padding reads as `padValue`. Built from pad and
 * strided slices only, so it is differentiable like any composed op.
 */
export function poolWindows(
  t: Tensor,
  params: Pool2dParams,
  outShape: readonly number[],
  padValue: number,
): Tensor[] {
  const [ph, pw] = params.padding;
  const [sh, sw] = params.stride;
  const [kh, kw] = params.kernel;
  const oh = outShape[2]!;
  const ow = outShape[3]!;
  const padded =
    ph === 0 && pw === 0
      ? t
      : pad(
          t,
          [
            [0, 0],
            [0, 0],
            [ph, ph],
            [pw, pw],
          ],
          padValue,
        );
  const windows: Tensor[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      windows.push(
        slice(padded, [null, null, [i, i + (oh - 1) * sh + 1, sh], [j, j + (ow - 1) * sw + 1, sw]]),
      );
    }
  }
  return windows;
}
