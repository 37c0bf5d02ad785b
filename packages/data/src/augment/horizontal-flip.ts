import type { Image } from '../image.js';
import type { Rng } from '../random/rng.js';
import { requireProbability } from '../validate.js';
import type { HorizontalFlipSpec } from './spec.js';

export function horizontalFlip(p = 0.5): HorizontalFlipSpec {
  return { kind: 'horizontalFlip', p: requireProbability('horizontalFlip.p', p) };
}

/** Mirrors every row in place. */
export function flipHorizontalInPlace(image: Image): Image {
  const { data, width } = image;
  const rows = image.channels * image.height;
  for (let r = 0; r < rows; r++) {
    for (let left = r * width, right = left + width - 1; left < right; left++, right--) {
      const tmp = data[left];
      data[left] = data[right];
      data[right] = tmp;
    }
  }
  return image;
}

export function applyHorizontalFlip(spec: HorizontalFlipSpec, image: Image, rng: Rng): Image {
  return rng.chance(spec.p) ? flipHorizontalInPlace(image) : image;
}
