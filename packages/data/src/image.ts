import { DataError } from './errors.js';

/**
 * The one image representation used everywhere in this package, including
 * across the worker boundary: planar CHW float32, values in [0, 1] until a
 * Normalize transform runs. Index of (c, y, x) is `(c * height + y) * width + x`.
 */
export interface Image {
  data: Float32Array;
  channels: number;
  height: number;
  width: number;
}

/** A dataset item: an image and, when the source has classes, an integer label. */
export interface Sample {
  image: Image;
  label?: number;
}

/** Allocates a zero image (or wraps `data`) after checking the shape is consistent. */
export function createImage(channels: number, height: number, width: number, data?: Float32Array): Image {
  const image = { data: data ?? new Float32Array(channels * height * width), channels, height, width };
  assertImage(image, 'createImage');
  return image;
}

/** Throws an INVALID_IMAGE DataError unless `image` is a well-formed CHW image. `where` names the caller. */
export function assertImage(image: Image, where: string, index?: number): void {
  const { channels, height, width, data } = image;
  const dimsOk = [channels, height, width].every((d) => Number.isInteger(d) && d > 0);
  if (!dimsOk || !(data instanceof Float32Array)) {
    throw new DataError(
      'INVALID_IMAGE',
      `${where}: expected an image with positive integer channels/height/width and Float32Array data, got ${channels}x${height}x${width} (${data?.constructor?.name ?? typeof data})`,
      { index },
    );
  }
  if (data.length !== channels * height * width) {
    throw new DataError(
      'INVALID_IMAGE',
      `${where}: image data has ${data.length} values but channels x height x width = ${channels}x${height}x${width} = ${channels * height * width}`,
      { index },
    );
  }
}

export function cloneImage(image: Image): Image {
  return { data: image.data.slice(), channels: image.channels, height: image.height, width: image.width };
}

/**
 * Converts 8-bit pixels to a float image in [0, 1]. `layout` says how the bytes
 * are ordered: 'hwc' is what decoders produce (RGBRGB...), 'chw' is planar.
 */
export function imageFromBytes(
  bytes: Uint8Array | Uint8ClampedArray,
  channels: number,
  height: number,
  width: number,
  layout: 'hwc' | 'chw',
): Image {
  const plane = height * width;
  if (bytes.length !== channels * plane) {
    throw new DataError(
      'INVALID_IMAGE',
      `imageFromBytes: got ${bytes.length} bytes, expected channels x height x width = ${channels}x${height}x${width} = ${channels * plane}`,
    );
  }
  const data = new Float32Array(channels * plane);
  const scale = 1 / 255;
  if (layout === 'chw' || channels === 1) {
    for (let i = 0; i < data.length; i++) data[i] = bytes[i] * scale;
  } else {
    for (let c = 0; c < channels; c++) {
      const out = c * plane;
      for (let p = 0, src = c; p < plane; p++, src += channels) data[out + p] = bytes[src] * scale;
    }
  }
  return { data, channels, height, width };
}
