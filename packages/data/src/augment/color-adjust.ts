import type { Image } from '../image.js';
import { clamp01, hsvToRgb, lumaPlane, rgbToHsv } from './color-math.js';

/**
 * The four deterministic colour adjustments behind ColorJitter, in place,
 * with torchvision's definitions (all results clamped to [0, 1]):
 *   brightness: x * f
 *   contrast:   f * x + (1 - f) * mean(luma)        (mean over the whole image)
 *   saturation: f * x + (1 - f) * luma(pixel)       (no-op on grayscale)
 *   hue:        rotate hue by `shift` turns in HSV  (no-op on grayscale)
 */

export function adjustBrightness(image: Image, factor: number): Image {
  const { data } = image;
  for (let i = 0; i < data.length; i++) data[i] = clamp01(data[i] * factor);
  return image;
}

export function adjustContrast(image: Image, factor: number): Image {
  const luma = lumaPlane(image);
  let sum = 0;
  for (let i = 0; i < luma.length; i++) sum += luma[i];
  const offset = (1 - factor) * (sum / luma.length);
  const { data } = image;
  for (let i = 0; i < data.length; i++) data[i] = clamp01(factor * data[i] + offset);
  return image;
}

export function adjustSaturation(image: Image, factor: number): Image {
  if (image.channels === 1) return image;
  const luma = lumaPlane(image);
  const plane = luma.length;
  const { data } = image;
  for (let c = 0; c < 3; c++) {
    for (let p = 0; p < plane; p++) {
      const i = c * plane + p;
      data[i] = clamp01(factor * data[i] + (1 - factor) * luma[p]);
    }
  }
  return image;
}

export function adjustHue(image: Image, shift: number): Image {
  if (image.channels === 1 || shift === 0) return image;
  const plane = image.height * image.width;
  const { data } = image;
  const hsv = new Float64Array(3);
  const rgb = new Float64Array(3);
  for (let p = 0; p < plane; p++) {
    const r = data[p];
    const g = data[plane + p];
    const b = data[2 * plane + p];
    // Gray pixels have no hue to rotate; skipping them is exact and common.
    if (r === g && g === b) continue;
    rgbToHsv(r, g, b, hsv);
    let h = hsv[0] + shift;
    h -= Math.floor(h);
    hsvToRgb(h, hsv[1], hsv[2], rgb);
    data[p] = rgb[0];
    data[plane + p] = rgb[1];
    data[2 * plane + p] = rgb[2];
  }
  return image;
}
