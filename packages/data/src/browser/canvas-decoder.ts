import { LUMA_B, LUMA_G, LUMA_R } from '../augment/color-math.js';
import { DataError } from '../errors.js';
import type { DecodedPixels } from '../folder/image-folder.js';
import type { ResolvedFolderOptions } from '../folder/options.js';
import { drawPlan } from '../folder/target-size.js';

/**
 * Browser decoder: createImageBitmap (EXIF orientation applied) drawn onto an
 * OffscreenCanvas pre-filled with the background colour, which composites
 * alpha and converts grayscale / 16-bit inputs to 8-bit RGBA; the canvas
 * also performs the resize. Alpha is then dropped (or RGB reduced to luma).
 */
export async function decodeWithCanvas(blob: Blob, options: ResolvedFolderOptions): Promise<DecodedPixels> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') {
    throw new DataError(
      'MISSING_DEPENDENCY',
      'decoding images needs createImageBitmap and OffscreenCanvas (a browser); in Node use loadImageFolder from @isotropic/data/node',
    );
  }
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  try {
    const plan = drawPlan(bitmap.height, bitmap.width, options.size);
    const canvas = new OffscreenCanvas(plan.width, plan.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new DataError('DECODE_FAILED', 'could not create a 2D canvas context');
    const [r, g, b] = options.background;
    context.fillStyle = `rgb(${r}, ${g}, ${b})`;
    context.fillRect(0, 0, plan.width, plan.height);
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, plan.sx, plan.sy, plan.sw, plan.sh, 0, 0, plan.width, plan.height);
    const rgba = context.getImageData(0, 0, plan.width, plan.height).data;
    return {
      pixels: fromRgba(rgba, options.channels),
      channels: options.channels,
      height: plan.height,
      width: plan.width,
    };
  } finally {
    bitmap.close();
  }
}

/** RGBA bytes -> RGB or luma bytes (HWC). */
export function fromRgba(rgba: Uint8ClampedArray, channels: 1 | 3): Uint8Array {
  const pixels = rgba.length / 4;
  const out = new Uint8Array(pixels * channels);
  for (let p = 0; p < pixels; p++) {
    const [r, g, b] = [rgba[4 * p], rgba[4 * p + 1], rgba[4 * p + 2]];
    if (channels === 1) {
      out[p] = Math.round(LUMA_R * r + LUMA_G * g + LUMA_B * b);
    } else {
      out[3 * p] = r;
      out[3 * p + 1] = g;
      out[3 * p + 2] = b;
    }
  }
  return out;
}
