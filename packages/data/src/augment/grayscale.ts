import type { Image } from '../image.js';
import type { Rng } from '../random/rng.js';
import { requireProbability } from '../validate.js';
import { lumaPlane, requireGrayOrRgb } from './color-math.js';
import type { GrayscaleSpec } from './spec.js';

/** RandomGrayscale: with probability p, replace every channel by the luma (channel count is kept). */
export function grayscale(p = 0.2): GrayscaleSpec {
  return { kind: 'grayscale', p: requireProbability('grayscale.p', p) };
}

export function toGrayscaleInPlace(image: Image): Image {
  requireGrayOrRgb(image, 'grayscale');
  if (image.channels === 1) return image;
  const luma = lumaPlane(image);
  for (let c = 0; c < image.channels; c++) image.data.set(luma, c * luma.length);
  return image;
}

export function applyGrayscale(spec: GrayscaleSpec, image: Image, rng: Rng): Image {
  requireGrayOrRgb(image, 'grayscale');
  return rng.chance(spec.p) ? toGrayscaleInPlace(image) : image;
}
