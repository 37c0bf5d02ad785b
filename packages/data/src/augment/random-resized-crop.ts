import type { Image } from '../image.js';
import type { Rng } from '../random/rng.js';
import { requireRange, requireSize } from '../validate.js';
import type { CropBox } from './resample.js';
import { resizedCrop } from './resample.js';
import { roundHalfEven } from './round.js';
import type { RandomResizedCropSpec } from './spec.js';

export interface RandomResizedCropOptions {
  /** Area fraction range, default [0.08, 1] (torchvision's default). */
  scale?: readonly [number, number];
  /** Aspect ratio (w/h) range, default [3/4, 4/3]. */
  ratio?: readonly [number, number];
}

export function randomResizedCrop(
  size: number | readonly [number, number],
  options: RandomResizedCropOptions = {},
): RandomResizedCropSpec {
  return {
    kind: 'randomResizedCrop',
    size: requireSize('randomResizedCrop.size', size),
    scale: requireRange('randomResizedCrop.scale', options.scale ?? [0.08, 1], { above: 0, max: 1 }),
    ratio: requireRange('randomResizedCrop.ratio', options.ratio ?? [3 / 4, 4 / 3], { above: 0 }),
  };
}

/**
 * torchvision's RandomResizedCrop.get_params: up to 10 tries at a random
 * area (uniform in scale) and aspect ratio (log-uniform in ratio) that fits;
 * otherwise the largest centred crop whose ratio is clamped into range.
 */
export function sampleCropBox(
  height: number,
  width: number,
  scale: readonly [number, number],
  ratio: readonly [number, number],
  rng: Rng,
): CropBox {
  const area = height * width;
  const logLow = Math.log(ratio[0]);
  const logHigh = Math.log(ratio[1]);
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * rng.uniform(scale[0], scale[1]);
    const aspect = Math.exp(rng.uniform(logLow, logHigh));
    const w = roundHalfEven(Math.sqrt(targetArea * aspect));
    const h = roundHalfEven(Math.sqrt(targetArea / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      const top = rng.int(height - h + 1);
      const left = rng.int(width - w + 1);
      return { top, left, height: h, width: w };
    }
  }
  return centerFallbackBox(height, width, ratio);
}

function centerFallbackBox(height: number, width: number, ratio: readonly [number, number]): CropBox {
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < ratio[0]) {
    h = roundHalfEven(w / ratio[0]);
  } else if (inRatio > ratio[1]) {
    w = roundHalfEven(h * ratio[1]);
  }
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

export function applyRandomResizedCrop(spec: RandomResizedCropSpec, image: Image, rng: Rng): Image {
  const box = sampleCropBox(image.height, image.width, spec.scale, spec.ratio, rng);
  return resizedCrop(image, box, spec.size[0], spec.size[1]);
}
