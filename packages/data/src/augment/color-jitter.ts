import type { Image } from '../image.js';
import type { Rng } from '../random/rng.js';
import { requireNumber, requireProbability, requireRange } from '../validate.js';
import { adjustBrightness, adjustContrast, adjustHue, adjustSaturation } from './color-adjust.js';
import { requireGrayOrRgb } from './color-math.js';
import type { ColorJitterSpec } from './spec.js';

/** A strength `s` (factor range [max(0, 1-s), 1+s]) or an explicit [low, high] factor range. */
export type JitterAmount = number | readonly [number, number];

export interface ColorJitterOptions {
  brightness?: JitterAmount;
  contrast?: JitterAmount;
  saturation?: JitterAmount;
  /** A shift `h` in [0, 0.5] (range [-h, h] turns) or an explicit range inside [-0.5, 0.5]. */
  hue?: JitterAmount;
  /** Probability of jittering at all (torchvision's RandomApply), default 1. */
  p?: number;
}

export function colorJitter(options: ColorJitterOptions = {}): ColorJitterSpec {
  return {
    kind: 'colorJitter',
    brightness: factorRange('colorJitter.brightness', options.brightness),
    contrast: factorRange('colorJitter.contrast', options.contrast),
    saturation: factorRange('colorJitter.saturation', options.saturation),
    hue: hueRange(options.hue),
    p: requireProbability('colorJitter.p', options.p ?? 1),
  };
}

function factorRange(option: string, amount: JitterAmount | undefined): readonly [number, number] | null {
  if (amount === undefined) return null;
  if (typeof amount === 'number') {
    requireNumber(option, amount, 0, Infinity);
    return amount === 0 ? null : [Math.max(0, 1 - amount), 1 + amount];
  }
  return requireRange(option, amount, { min: 0 });
}

function hueRange(amount: JitterAmount | undefined): readonly [number, number] | null {
  if (amount === undefined) return null;
  if (typeof amount === 'number') {
    requireNumber('colorJitter.hue', amount, 0, 0.5);
    return amount === 0 ? null : [-amount, amount];
  }
  return requireRange('colorJitter.hue', amount, { min: -0.5, max: 0.5 });
}

/**
 * torchvision's ColorJitter: draw a random order of the four adjustments,
 * then one factor for each enabled adjustment, then apply them in that order.
 * The whole jitter is skipped with probability 1 - p.
 */
export function applyColorJitter(spec: ColorJitterSpec, image: Image, rng: Rng): Image {
  requireGrayOrRgb(image, 'colorJitter');
  if (!rng.chance(spec.p)) return image;
  const order = rng.permutation(4);
  const draw = (range: readonly [number, number] | null) => (range ? rng.uniform(range[0], range[1]) : null);
  const factors = [draw(spec.brightness), draw(spec.contrast), draw(spec.saturation), draw(spec.hue)];
  for (const which of order) {
    const factor = factors[which];
    if (factor === null) continue;
    if (which === 0) adjustBrightness(image, factor);
    else if (which === 1) adjustContrast(image, factor);
    else if (which === 2) adjustSaturation(image, factor);
    else adjustHue(image, factor);
  }
  return image;
}
