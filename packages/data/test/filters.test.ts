import { describe, expect, it } from 'vitest';
import {
  applyGaussianBlur,
  blurWithSigma,
  gaussianBlur,
  gaussianKernel1d,
} from '../src/augment/gaussian-blur.js';
import { applyHorizontalFlip, horizontalFlip } from '../src/augment/horizontal-flip.js';
import { normalize, normalizeInPlace } from '../src/augment/normalize.js';
import { applySolarize, solarize, solarizeInPlace } from '../src/augment/solarize.js';
import { DataError } from '../src/errors.js';
import { viewRng } from '../src/random/streams.js';
import { imageFromRows, noiseImage, rows } from './helpers/images.js';

const rng = () => viewRng(0, 0, 0, 0);

describe('GaussianBlur', () => {
  it('builds the normalised 1-D kernel (hand-computed for k = 3, sigma = 1)', () => {
    const e = Math.exp(-0.5);
    const kernel = Array.from(gaussianKernel1d(3, 1));
    const expected = [e, 1, e].map((v) => v / (1 + 2 * e));
    expect(kernel).toHaveLength(3);
    expected.forEach((v, i) => {
      expect(kernel[i]).toBeCloseTo(v, 10);
    });
  });

  it('uses reflect padding at the borders (hand-computed impulse)', () => {
    const k = gaussianKernel1d(3, 1);
    const [out] = rows(blurWithSigma(imageFromRows([[[0, 1, 0]]]), 3, 1));
    // x = 0 sees (reflect(-1) = 1, 0, 1) -> 2 k0; x = 1 sees the impulse in the middle.
    expect(out[0]).toBeCloseTo(2 * k[0], 6);
    expect(out[1]).toBeCloseTo(k[1], 6);
    expect(out[2]).toBeCloseTo(2 * k[2], 6);
  });

  it('keeps constant images constant', () => {
    const flat = imageFromRows([Array.from({ length: 6 }, () => Array(5).fill(0.7))]);
    for (const value of blurWithSigma(flat, 7, 2).data) expect(value).toBeCloseTo(0.7, 6);
  });

  it('applies with probability p and rejects even kernel sizes', () => {
    const image = noiseImage(1, 8, 8, 4);
    expect(applyGaussianBlur(gaussianBlur({ p: 0 }), image, rng())).toBe(image);
    expect(Array.from(applyGaussianBlur(gaussianBlur({ p: 1 }), image, rng()).data)).not.toEqual(
      Array.from(image.data),
    );
    expect(() => gaussianBlur({ kernelSize: 4 })).toThrowError(/must be odd, got 4/);
  });
});

describe('HorizontalFlip / Solarize / Normalize', () => {
  it('flips every row of every channel', () => {
    const image = imageFromRows([
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [
        [7, 8, 9],
        [0, 1, 2],
      ],
    ]);
    const out = applyHorizontalFlip(horizontalFlip(1), image, rng());
    expect(rows(out, 0)).toEqual([
      [3, 2, 1],
      [6, 5, 4],
    ]);
    expect(rows(out, 1)).toEqual([
      [9, 8, 7],
      [2, 1, 0],
    ]);
  });

  it('solarize inverts pixels at or above the threshold', () => {
    expect(Array.from(solarizeInPlace(imageFromRows([[[0.25, 0.5, 0.75]]]), 0.5).data)).toEqual([
      0.25, 0.5, 0.25,
    ]);
    const untouched = imageFromRows([[[0.9]]]);
    expect(Array.from(applySolarize(solarize({ p: 0 }), untouched, rng()).data)).toEqual([Math.fround(0.9)]);
    expect(solarize().threshold).toBeCloseTo(128 / 255, 10);
  });

  it('normalize uses per-channel statistics, or one entry for every channel', () => {
    const image = imageFromRows([[[1, 0]], [[0.5, 0]]]);
    expect(
      Array.from(normalizeInPlace(image, normalize({ mean: [0.5, 0.25], std: [0.5, 0.25] })).data),
    ).toEqual([1, -1, 1, -1]);
    const gray = imageFromRows([[[0.5]], [[1]]]);
    expect(Array.from(normalizeInPlace(gray, normalize({ mean: [0.5], std: [0.5] })).data)).toEqual([0, 1]);
  });

  it('normalize rejects mismatched statistics and non-positive std', () => {
    expect(() =>
      normalizeInPlace(imageFromRows([[[1]]]), normalize({ mean: [0, 0, 0], std: [1, 1, 1] })),
    ).toThrowError(/3 entries but the image has 1 channels/);
    expect(() => normalize({ mean: [0], std: [0] })).toThrowError(DataError);
    expect(() => normalize({ mean: [0, 1], std: [1] })).toThrowError(/must match/);
  });
});
