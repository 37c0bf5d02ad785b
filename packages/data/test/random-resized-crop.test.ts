import { describe, expect, it } from 'vitest';
import {
  applyRandomResizedCrop,
  randomResizedCrop,
  sampleCropBox,
} from '../src/augment/random-resized-crop.js';
import { roundHalfEven } from '../src/augment/round.js';
import { DataError } from '../src/errors.js';
import { viewRng } from '../src/random/streams.js';
import { noiseImage } from './helpers/images.js';

describe('RandomResizedCrop', () => {
  it('rounds halves to even like Python', () => {
    expect([0.5, 1.5, 2.5, 2.4, 2.6, 3].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 3]);
  });

  it('keeps crop area and aspect ratio inside the requested ranges and the box inside the image', () => {
    const [height, width] = [200, 300];
    const scale = [0.2, 0.5] as const;
    const ratio = [0.5, 2] as const;
    const areas: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const box = sampleCropBox(height, width, scale, ratio, viewRng(1, 0, i, 0));
      expect(box.top).toBeGreaterThanOrEqual(0);
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.top + box.height).toBeLessThanOrEqual(height);
      expect(box.left + box.width).toBeLessThanOrEqual(width);
      const area = (box.height * box.width) / (height * width);
      // Integer rounding of ~100 px sides moves the area by at most ~2%.
      expect(area).toBeGreaterThanOrEqual(scale[0] * 0.98);
      expect(area).toBeLessThanOrEqual(scale[1] * 1.02);
      expect(box.width / box.height).toBeGreaterThanOrEqual(ratio[0] * 0.97);
      expect(box.width / box.height).toBeLessThanOrEqual(ratio[1] * 1.03);
      areas.push(area);
    }
    expect(Math.min(...areas)).toBeLessThan(0.21);
    expect(Math.max(...areas)).toBeGreaterThan(0.48);
  });

  it('falls back to the centred crop when 10 attempts cannot fit (wide image)', () => {
    // Any area >= 90% of a 10x100 image with ratio 1 needs ~30x30, which never fits.
    expect(sampleCropBox(10, 100, [0.9, 1], [1, 1], viewRng(0, 0, 0, 0))).toEqual({
      top: 0,
      left: 45,
      height: 10,
      width: 10,
    });
  });

  it('falls back to the centred crop with the ratio clamped (tall image)', () => {
    // in_ratio 0.1 < 2: w = 10, h = round(10 / 2) = 5, centred vertically.
    expect(sampleCropBox(100, 10, [0.9, 1], [2, 3], viewRng(0, 0, 0, 0))).toEqual({
      top: 47,
      left: 0,
      height: 5,
      width: 10,
    });
  });

  it('is deterministic for a seed and produces the requested size', () => {
    const spec = randomResizedCrop([12, 10], { scale: [0.1, 0.6] });
    const image = noiseImage(3, 40, 50, 2);
    const a = applyRandomResizedCrop(spec, image, viewRng(5, 1, 2, 0));
    const b = applyRandomResizedCrop(spec, image, viewRng(5, 1, 2, 0));
    const c = applyRandomResizedCrop(spec, image, viewRng(6, 1, 2, 0));
    expect([a.channels, a.height, a.width]).toEqual([3, 12, 10]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
  });

  it('validates options with errors naming the option', () => {
    expect(() => randomResizedCrop(0)).toThrowError(/randomResizedCrop\.size/);
    expect(() => randomResizedCrop(8, { scale: [0.5, 0.2] })).toThrowError(DataError);
    expect(() => randomResizedCrop(8, { scale: [0.5, 1.5] })).toThrowError(/randomResizedCrop\.scale/);
  });
});
