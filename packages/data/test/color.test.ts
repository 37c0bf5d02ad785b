import { describe, expect, it } from 'vitest';
import {
  adjustBrightness,
  adjustContrast,
  adjustHue,
  adjustSaturation,
} from '../src/augment/color-adjust.js';
import { applyColorJitter, colorJitter } from '../src/augment/color-jitter.js';
import { applyGrayscale, grayscale, toGrayscaleInPlace } from '../src/augment/grayscale.js';
import { DataError } from '../src/errors.js';
import { cloneImage } from '../src/image.js';
import { viewRng } from '../src/random/streams.js';
import { imageFromRows, noiseImage } from './helpers/images.js';

const pixel = (r: number, g: number, b: number) => imageFromRows([[[r]], [[g]], [[b]]]);
const values = (image: { data: Float32Array }) => Array.from(image.data);
function expectValues(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) => {
    expect(actual[i]).toBeCloseTo(value, 5);
  });
}

describe('colour adjustments (torchvision definitions)', () => {
  it('brightness multiplies and clamps to [0, 1]', () => {
    expectValues(values(adjustBrightness(imageFromRows([[[0.2, 0.6]]]), 2)), [0.4, 1]);
  });

  it('contrast blends towards the mean luma of the whole image', () => {
    // mean 0.5, factor 0.5 -> 0.5 x + 0.25
    expectValues(values(adjustContrast(imageFromRows([[[0, 0.5, 1, 0.5]]]), 0.5)), [0.25, 0.5, 0.75, 0.5]);
    // RGB: factor 0 gives the mean luma (0.2989 for pure red) everywhere
    expectValues(values(adjustContrast(pixel(1, 0, 0), 0)), [0.2989, 0.2989, 0.2989]);
  });

  it('saturation blends each pixel with its own luma', () => {
    const luma = 0.2989 * 1 + 0.587 * 0.5;
    expectValues(values(adjustSaturation(pixel(1, 0.5, 0), 0)), [luma, luma, luma]);
    expectValues(values(adjustSaturation(pixel(1, 0.5, 0), 2)), [1, 1 - luma, 0]);
  });

  it('hue rotates around the colour wheel', () => {
    expectValues(values(adjustHue(pixel(1, 0, 0), 1 / 3)), [0, 1, 0]);
    expectValues(values(adjustHue(pixel(1, 0, 0), -1 / 3)), [0, 0, 1]);
    expectValues(values(adjustHue(pixel(1, 0, 0), 0.5)), [0, 1, 1]);
    expectValues(values(adjustHue(pixel(0.5, 0.25, 0.25), 0)), [0.5, 0.25, 0.25]);
  });

  it('saturation and hue leave grayscale images alone', () => {
    const gray = imageFromRows([[[0.1, 0.9]]]);
    expect(values(adjustSaturation(cloneImage(gray), 0))).toEqual(values(gray));
    expect(values(adjustHue(cloneImage(gray), 0.3))).toEqual(values(gray));
  });

  it('grayscale writes the luma into every channel', () => {
    expectValues(values(toGrayscaleInPlace(pixel(1, 0.5, 0))), [0.5924, 0.5924, 0.5924]);
  });
});

describe('ColorJitter / RandomGrayscale', () => {
  it('turns strengths into factor ranges like torchvision', () => {
    const spec = colorJitter({ brightness: 0.4, contrast: 1.5, saturation: [0.2, 0.3], hue: 0.1 });
    expect(spec.brightness).toEqual([0.6, 1.4]);
    expect(spec.contrast).toEqual([0, 2.5]);
    expect(spec.saturation).toEqual([0.2, 0.3]);
    expect(spec.hue).toEqual([-0.1, 0.1]);
    expect(colorJitter({ brightness: 0 }).brightness).toBeNull();
  });

  it('rejects a hue beyond half a turn, naming the option', () => {
    try {
      colorJitter({ hue: 0.6 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).option).toBe('colorJitter.hue');
    }
  });

  it('with a fixed factor range it applies exactly that adjustment', () => {
    const image = imageFromRows([[[0.1, 0.3, 0.6]]]);
    const out = applyColorJitter(colorJitter({ brightness: [2, 2] }), cloneImage(image), viewRng(0, 0, 0, 0));
    expectValues(values(out), [0.2, 0.6, 1]);
  });

  it('p = 0 never changes the image; p = 1 changes it', () => {
    const image = noiseImage(3, 4, 4, 3);
    const strong = { brightness: 0.8, contrast: 0.8, saturation: 0.8, hue: 0.2 };
    const skipped = applyColorJitter(
      colorJitter({ ...strong, p: 0 }),
      cloneImage(image),
      viewRng(0, 0, 0, 0),
    );
    expect(values(skipped)).toEqual(values(image));
    const applied = applyColorJitter(
      colorJitter({ ...strong, p: 1 }),
      cloneImage(image),
      viewRng(0, 0, 0, 0),
    );
    expect(values(applied)).not.toEqual(values(image));
  });

  it('rejects images that are neither grayscale nor RGB', () => {
    const twoChannel = imageFromRows([[[0.5]], [[0.5]]]);
    expect(() =>
      applyColorJitter(colorJitter({ brightness: 0.5 }), twoChannel, viewRng(0, 0, 0, 0)),
    ).toThrowError(/got 2 channels/);
  });

  it('RandomGrayscale converts with p = 1 and keeps the channel count', () => {
    const out = applyGrayscale(grayscale(1), pixel(0, 1, 0), viewRng(0, 0, 0, 0));
    expect(out.channels).toBe(3);
    expectValues(values(out), [0.587, 0.587, 0.587]);
    expect(values(applyGrayscale(grayscale(0), pixel(0, 1, 0), viewRng(0, 0, 0, 0)))).toEqual([0, 1, 0]);
  });
});
