import { DataError } from '../errors.js';
import type { Image } from '../image.js';
import type { Rng } from '../random/rng.js';
import { requireInteger, requireProbability, requireRange } from '../validate.js';
import type { GaussianBlurSpec } from './spec.js';

export interface GaussianBlurOptions {
  /** Odd kernel size, default 7 (the LeJEPA reference recipe). */
  kernelSize?: number;
  /** Sigma range, default [0.1, 2]. */
  sigma?: readonly [number, number];
  /** Probability of blurring, default 0.5 (torchvision RandomApply's default). */
  p?: number;
}

export function gaussianBlur(options: GaussianBlurOptions = {}): GaussianBlurSpec {
  const kernelSize = requireInteger('gaussianBlur.kernelSize', options.kernelSize ?? 7, 1);
  if (kernelSize % 2 === 0) {
    throw new DataError(
      'INVALID_OPTION',
      `option \`gaussianBlur.kernelSize\` must be odd, got ${kernelSize}`,
      {
        option: 'gaussianBlur.kernelSize',
      },
    );
  }
  return {
    kind: 'gaussianBlur',
    kernelSize,
    sigma: requireRange('gaussianBlur.sigma', options.sigma ?? [0.1, 2], { above: 0 }),
    p: requireProbability('gaussianBlur.p', options.p ?? 0.5),
  };
}

/** torchvision's _get_gaussian_kernel1d: exp(-x^2 / 2 sigma^2) at x = -(k-1)/2 .. (k-1)/2, normalised. */
export function gaussianKernel1d(kernelSize: number, sigma: number): Float64Array {
  const kernel = new Float64Array(kernelSize);
  const half = (kernelSize - 1) / 2;
  let total = 0;
  for (let i = 0; i < kernelSize; i++) {
    const x = (i - half) / sigma;
    kernel[i] = Math.exp(-0.5 * x * x);
    total += kernel[i];
  }
  for (let i = 0; i < kernelSize; i++) kernel[i] /= total;
  return kernel;
}

/** Mirror an out-of-range index back inside [0, n) without repeating the edge (torch "reflect"). */
function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let m = i % period;
  if (m < 0) m += period;
  return m < n ? m : period - m;
}

/** Separable blur with reflect padding (rows, then columns). Returns a new image. */
export function blurWithSigma(image: Image, kernelSize: number, sigma: number): Image {
  const kernel = gaussianKernel1d(kernelSize, sigma);
  const half = (kernelSize - 1) / 2;
  const { channels, height, width, data } = image;
  const tmp = new Float32Array(data.length);
  const out = new Float32Array(data.length);
  const colIndex = Int32Array.from({ length: width + 2 * half }, (_, i) => reflect(i - half, width));
  const rowIndex = Int32Array.from({ length: height + 2 * half }, (_, i) => reflect(i - half, height));
  // Columns whose taps all fall inside the row need no reflection lookups.
  const interiorStart = Math.min(half, width);
  const interiorEnd = Math.max(interiorStart, width - half);
  const reflected = (row: number, x: number) => {
    let acc = 0;
    for (let k = 0; k < kernelSize; k++) acc += kernel[k] * data[row + colIndex[x + k]];
    return acc;
  };
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < height; y++) {
      const row = (c * height + y) * width;
      for (let x = 0; x < interiorStart; x++) tmp[row + x] = reflected(row, x);
      for (let x = interiorStart; x < interiorEnd; x++) {
        let acc = 0;
        for (let k = 0, i = row + x - half; k < kernelSize; k++, i++) acc += kernel[k] * data[i];
        tmp[row + x] = acc;
      }
      for (let x = interiorEnd; x < width; x++) tmp[row + x] = reflected(row, x);
    }
    for (let y = 0; y < height; y++) {
      const outRow = (c * height + y) * width;
      for (let k = 0; k < kernelSize; k++) {
        const w = kernel[k];
        const srcRow = (c * height + rowIndex[y + k]) * width;
        for (let x = 0; x < width; x++) out[outRow + x] += w * tmp[srcRow + x];
      }
    }
  }
  return { data: out, channels, height, width };
}

export function applyGaussianBlur(spec: GaussianBlurSpec, image: Image, rng: Rng): Image {
  if (!rng.chance(spec.p)) return image;
  const sigma = rng.uniform(spec.sigma[0], spec.sigma[1]);
  return blurWithSigma(image, spec.kernelSize, sigma);
}
