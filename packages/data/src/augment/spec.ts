/**
 * Transforms are described by plain data (specs) rather than closures so a
 * pipeline can be sent to worker threads / Web Workers with postMessage and
 * rebuilt there identically. Create specs with the factory functions
 * (`randomResizedCrop(...)`, `colorJitter(...)`, ...), which validate options.
 */

export interface RandomResizedCropSpec {
  kind: 'randomResizedCrop';
  /** Output [height, width]. */
  size: readonly [number, number];
  /** Range of the crop's area as a fraction of the image area. */
  scale: readonly [number, number];
  /** Range of the crop's aspect ratio (width / height), sampled log-uniformly. */
  ratio: readonly [number, number];
}

export interface HorizontalFlipSpec {
  kind: 'horizontalFlip';
  p: number;
}

export interface ColorJitterSpec {
  kind: 'colorJitter';
  /** Factor ranges; null = that adjustment is off. Hue is a shift in turns (in [-0.5, 0.5]). */
  brightness: readonly [number, number] | null;
  contrast: readonly [number, number] | null;
  saturation: readonly [number, number] | null;
  hue: readonly [number, number] | null;
  p: number;
}

export interface GrayscaleSpec {
  kind: 'grayscale';
  p: number;
}

export interface GaussianBlurSpec {
  kind: 'gaussianBlur';
  /** Odd kernel size in pixels. */
  kernelSize: number;
  /** Range sigma is drawn from, uniformly. */
  sigma: readonly [number, number];
  p: number;
}

export interface SolarizeSpec {
  kind: 'solarize';
  /** Pixels >= threshold are inverted (x -> 1 - x). */
  threshold: number;
  p: number;
}

export interface NormalizeSpec {
  kind: 'normalize';
  /** Per-channel mean and std; one entry applies to every channel. */
  mean: readonly number[];
  std: readonly number[];
}

export type TransformSpec =
  | RandomResizedCropSpec
  | HorizontalFlipSpec
  | ColorJitterSpec
  | GrayscaleSpec
  | GaussianBlurSpec
  | SolarizeSpec
  | NormalizeSpec;
