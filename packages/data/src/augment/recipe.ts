import { colorJitter } from './color-jitter.js';
import { gaussianBlur } from './gaussian-blur.js';
import { grayscale } from './grayscale.js';
import { horizontalFlip } from './horizontal-flip.js';
import { solarize } from './solarize.js';
import type { TransformSpec } from './spec.js';

/**
 * The per-view transforms of the LeJEPA reference implementation
 * (rbalestr-lab/lejepa, MINIMAL.md), applied after the random resized crop:
 *
 *   ColorJitter(0.8, 0.8, 0.8, 0.2) with p = 0.8
 *   RandomGrayscale(p = 0.2)
 *   GaussianBlur(kernel 7, sigma 0.1-2) with p = 0.5
 *   RandomSolarize(threshold 128/255) with p = 0.2
 *   RandomHorizontalFlip(p = 0.5)
 *
 * Normalize is not included because its statistics depend on the dataset;
 * MultiCrop appends it when you pass `normalize`.
 */
export function lejepaViewTransforms(): TransformSpec[] {
  return [
    colorJitter({ brightness: 0.8, contrast: 0.8, saturation: 0.8, hue: 0.2, p: 0.8 }),
    grayscale(0.2),
    gaussianBlur({ kernelSize: 7, sigma: [0.1, 2], p: 0.5 }),
    solarize({ threshold: 128 / 255, p: 0.2 }),
    horizontalFlip(0.5),
  ];
}

/**
 * A milder recipe, for small grayscale images (28-32 px) where a 7 px blur or a
 * solarize may erase what distinguishes the classes:
 *
 *   ColorJitter(0.4, 0.4) with p = 0.8
 *   RandomHorizontalFlip(p = 0.5)
 *
 * The crops (random resized crop, global and local) do most of the work. Not a
 * default: on Fashion-MNIST the paper's recipe did as well or better in our runs
 * (the repository's docs/results.md), so measure before switching.
 */
export function lightViewTransforms(): TransformSpec[] {
  return [colorJitter({ brightness: 0.4, contrast: 0.4, p: 0.8 }), horizontalFlip(0.5)];
}
