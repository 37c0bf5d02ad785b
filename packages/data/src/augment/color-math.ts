import { DataError } from '../errors.js';
import type { Image } from '../image.js';

/** ITU-R 601 luma weights, as torchvision's rgb_to_grayscale uses. */
export const LUMA_R = 0.2989;
export const LUMA_G = 0.587;
export const LUMA_B = 0.114;

/** Colour transforms understand 1 (grayscale) or 3 (RGB) channels; anything else is a caller bug. */
export function requireGrayOrRgb(image: Image, transform: string): void {
  if (image.channels !== 1 && image.channels !== 3) {
    throw new DataError(
      'INVALID_IMAGE',
      `${transform}: expected a 1-channel (grayscale) or 3-channel (RGB) image, got ${image.channels} channels`,
    );
  }
}

/** Luma plane of an image (a copy of the only plane for grayscale). */
export function lumaPlane(image: Image): Float32Array {
  const plane = image.height * image.width;
  const { data } = image;
  if (image.channels === 1) return data.slice(0, plane);
  const out = new Float32Array(plane);
  for (let p = 0; p < plane; p++) {
    out[p] = LUMA_R * data[p] + LUMA_G * data[plane + p] + LUMA_B * data[2 * plane + p];
  }
  return out;
}

export function clamp01(x: number): number {
  return Math.min(Math.max(x, 0), 1);
}

/** RGB in [0,1] -> HSV with hue in [0,1), same formulas as torchvision's _rgb2hsv. */
export function rgbToHsv(r: number, g: number, b: number, out: Float64Array): void {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const chroma = max - min;
  let h = 0;
  if (chroma > 0) {
    if (max === r) h = (g - b) / chroma;
    else if (max === g) h = 2 + (b - r) / chroma;
    else h = 4 + (r - g) / chroma;
    h = (((h / 6) % 1) + 1) % 1;
  }
  out[0] = h;
  out[1] = max > 0 ? chroma / max : 0;
  out[2] = max;
}

/** HSV -> RGB, the inverse of rgbToHsv (torchvision's _hsv2rgb). */
export function hsvToRgb(h: number, s: number, v: number, out: Float64Array): void {
  const h6 = h * 6;
  const sector = Math.floor(h6);
  const f = h6 - sector;
  const p = clamp01(v * (1 - s));
  const q = clamp01(v * (1 - s * f));
  const t = clamp01(v * (1 - s * (1 - f)));
  switch (((sector % 6) + 6) % 6) {
    case 0:
      out[0] = v;
      out[1] = t;
      out[2] = p;
      break;
    case 1:
      out[0] = q;
      out[1] = v;
      out[2] = p;
      break;
    case 2:
      out[0] = p;
      out[1] = v;
      out[2] = t;
      break;
    case 3:
      out[0] = p;
      out[1] = q;
      out[2] = v;
      break;
    case 4:
      out[0] = t;
      out[1] = p;
      out[2] = v;
      break;
    default:
      out[0] = v;
      out[1] = p;
      out[2] = q;
  }
}
