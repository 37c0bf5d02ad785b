import { DataError } from '../errors.js';
import type { Image } from '../image.js';
import { assertImage, cloneImage } from '../image.js';
import type { Rng } from '../random/rng.js';
import { applyColorJitter } from './color-jitter.js';
import { applyGaussianBlur } from './gaussian-blur.js';
import { applyGrayscale } from './grayscale.js';
import { applyHorizontalFlip } from './horizontal-flip.js';
import { normalizeInPlace } from './normalize.js';
import { applyRandomResizedCrop } from './random-resized-crop.js';
import { applySolarize } from './solarize.js';
import type { TransformSpec } from './spec.js';

/**
 * Runs one transform, possibly mutating and returning `image` itself.
 * Internal fast path: callers must own `image` (the pipeline always does,
 * because it starts with a fresh crop or a clone).
 */
export function applyTransformOwned(spec: TransformSpec, image: Image, rng: Rng): Image {
  switch (spec.kind) {
    case 'randomResizedCrop':
      return applyRandomResizedCrop(spec, image, rng);
    case 'horizontalFlip':
      return applyHorizontalFlip(spec, image, rng);
    case 'colorJitter':
      return applyColorJitter(spec, image, rng);
    case 'grayscale':
      return applyGrayscale(spec, image, rng);
    case 'gaussianBlur':
      return applyGaussianBlur(spec, image, rng);
    case 'solarize':
      return applySolarize(spec, image, rng);
    case 'normalize':
      return normalizeInPlace(image, spec);
    default:
      throw new DataError(
        'INVALID_OPTION',
        `unknown transform kind ${JSON.stringify((spec as { kind: unknown }).kind)}`,
        { option: 'kind' },
      );
  }
}

/** Applies `specs` in order with `rng`. Never modifies `image`; returns a new image. */
export function applyTransforms(specs: readonly TransformSpec[], image: Image, rng: Rng): Image {
  assertImage(image, 'applyTransforms');
  let current = cloneImage(image);
  for (const spec of specs) current = applyTransformOwned(spec, current, rng);
  return current;
}
