import type { Image } from '../image.js';

/** A crop rectangle in source pixels: rows [top, top+height), columns [left, left+width). */
export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** Per-output-pixel filter taps along one axis. */
interface AxisTaps {
  first: Int32Array;
  count: Int32Array;
  weights: Float64Array;
  stride: number;
}

/**
 * Bilinear (triangle filter) weights mapping source pixels [start, start+length)
 * onto `outSize` pixels, with half-pixel centres (align_corners=False).
 * When shrinking, the triangle is widened by the scale factor so every source
 * pixel contributes (antialiasing, as torchvision's antialias=True / PIL do);
 * when enlarging it is exactly classic bilinear interpolation with edge clamping.
 */
function axisTaps(start: number, length: number, outSize: number): AxisTaps {
  const scale = length / outSize;
  const support = Math.max(scale, 1);
  const stride = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * stride);
  for (let o = 0; o < outSize; o++) {
    const centre = (o + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - support));
    const hi = Math.min(length, Math.ceil(centre + support));
    let total = 0;
    let n = 0;
    for (let i = lo; i < hi; i++, n++) {
      const w = Math.max(0, 1 - Math.abs((i + 0.5 - centre) / support));
      weights[o * stride + n] = w;
      total += w;
    }
    for (let k = 0; k < n; k++) weights[o * stride + k] /= total;
    first[o] = start + lo;
    count[o] = n;
  }
  return { first, count, weights, stride };
}

/** Crops `box` out of `image` and resamples it to outHeight x outWidth (separable: rows, then columns). */
export function resizedCrop(image: Image, box: CropBox, outHeight: number, outWidth: number): Image {
  const { channels, width: inWidth } = image;
  const src = image.data;
  const cols = axisTaps(box.left, box.width, outWidth);
  const rows = axisTaps(box.top, box.height, outHeight);

  // Horizontal pass over only the rows inside the crop.
  const tmp = new Float32Array(channels * box.height * outWidth);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < box.height; y++) {
      const srcRow = (c * image.height + box.top + y) * inWidth;
      const tmpRow = (c * box.height + y) * outWidth;
      for (let x = 0; x < outWidth; x++) {
        const base = x * cols.stride;
        const from = srcRow + cols.first[x];
        let acc = 0;
        for (let k = 0; k < cols.count[x]; k++) acc += cols.weights[base + k] * src[from + k];
        tmp[tmpRow + x] = acc;
      }
    }
  }

  // Vertical pass; rows.first is in image coordinates, tmp starts at box.top.
  const out = new Float32Array(channels * outHeight * outWidth);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < outHeight; y++) {
      const base = y * rows.stride;
      const firstRow = rows.first[y] - box.top;
      const outRow = (c * outHeight + y) * outWidth;
      for (let k = 0; k < rows.count[y]; k++) {
        const w = rows.weights[base + k];
        const tmpRow = (c * box.height + firstRow + k) * outWidth;
        for (let x = 0; x < outWidth; x++) out[outRow + x] += w * tmp[tmpRow + x];
      }
    }
  }
  return { data: out, channels, height: outHeight, width: outWidth };
}

/** Resizes the whole image (bilinear, antialiased when shrinking). */
export function resize(image: Image, outHeight: number, outWidth: number): Image {
  return resizedCrop(
    image,
    { top: 0, left: 0, height: image.height, width: image.width },
    outHeight,
    outWidth,
  );
}
