import { describe, expect, it } from 'vitest';
import { resize, resizedCrop } from '../src/augment/resample.js';
import { imageFromRows, noiseImage, rows } from './helpers/images.js';

describe('bilinear resampling', () => {
  it('upsamples with half-pixel centres and clamped edges (hand-computed)', () => {
    const out = resize(imageFromRows([[[0, 1]]]), 1, 4);
    expect(rows(out)[0]).toEqual([0, 0.25, 0.75, 1]);
  });

  it('upsamples 2x2 -> 4x4 separably (hand-computed)', () => {
    const out = resize(
      imageFromRows([
        [
          [0, 1],
          [2, 3],
        ],
      ]),
      4,
      4,
    );
    expect(rows(out)).toEqual([
      [0, 0.25, 0.75, 1],
      [0.5, 0.75, 1.25, 1.5],
      [1.5, 1.75, 2.25, 2.5],
      [2, 2.25, 2.75, 3],
    ]);
  });

  it('antialiases when shrinking: the triangle widens to cover every source pixel', () => {
    // Output pixel 0 has centre 1.0 and support 2: weights 0.75, 0.75, 0.25 on pixels 0, 1, 2.
    const [[a, b]] = rows(resize(imageFromRows([[[0, 1, 2, 3]]]), 1, 2));
    expect(a).toBeCloseTo(1.25 / 1.75, 6);
    expect(b).toBeCloseTo(4 / 1.75, 6);
  });

  it('a same-size crop is an exact copy of the box, for every channel', () => {
    const image = noiseImage(3, 9, 7, 1);
    const out = resizedCrop(image, { top: 2, left: 3, height: 4, width: 3 }, 4, 3);
    for (let c = 0; c < 3; c++) {
      expect(rows(out, c)).toEqual(
        rows(image, c)
          .slice(2, 6)
          .map((row) => row.slice(3, 6)),
      );
    }
  });

  it('keeps a constant image constant at any scale', () => {
    const flat = imageFromRows([Array.from({ length: 5 }, () => Array(8).fill(0.3))]);
    for (const [h, w] of [
      [2, 3],
      [11, 13],
    ]) {
      for (const value of resize(flat, h, w).data) expect(value).toBeCloseTo(0.3, 6);
    }
  });
});
