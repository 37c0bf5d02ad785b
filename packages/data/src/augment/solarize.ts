import type { Image } from '../image.js';
import type { Rng } from '../random/rng.js';
import { requireProbability } from '../validate.js';
import type { SolarizeSpec } from './spec.js';

export interface SolarizeOptions {
  /** Default 128/255: the reference recipe's threshold of 128 on 8-bit images. */
  threshold?: number;
  /** Default 0.2 (LeJEPA reference recipe). */
  p?: number;
}

export function solarize(options: SolarizeOptions = {}): SolarizeSpec {
  return {
    kind: 'solarize',
    threshold: requireProbability('solarize.threshold', options.threshold ?? 128 / 255),
    p: requireProbability('solarize.p', options.p ?? 0.2),
  };
}

/** x >= threshold -> 1 - x, in place. */
export function solarizeInPlace(image: Image, threshold: number): Image {
  const { data } = image;
  for (let i = 0; i < data.length; i++) if (data[i] >= threshold) data[i] = 1 - data[i];
  return image;
}

export function applySolarize(spec: SolarizeSpec, image: Image, rng: Rng): Image {
  return rng.chance(spec.p) ? solarizeInPlace(image, spec.threshold) : image;
}
