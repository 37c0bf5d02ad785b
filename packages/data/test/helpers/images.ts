import type { Image } from '../../src/image.js';

/** A CHW image whose value at (c, y, x) is fn(c, y, x). */
export function imageOf(
  channels: number,
  height: number,
  width: number,
  fn: (c: number, y: number, x: number) => number,
): Image {
  const data = new Float32Array(channels * height * width);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) data[(c * height + y) * width + x] = fn(c, y, x);
    }
  }
  return { data, channels, height, width };
}

/** An image from nested rows, one array of rows per channel. */
export function imageFromRows(planes: number[][][]): Image {
  const height = planes[0].length;
  const width = planes[0][0].length;
  return { data: Float32Array.from(planes.flat(2)), channels: planes.length, height, width };
}

/** Deterministic pseudo-random image content (not using the code under test). */
export function noiseImage(channels: number, height: number, width: number, salt: number): Image {
  let state = (salt * 2654435761) >>> 0 || 1;
  return imageOf(channels, height, width, () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state % 1000) / 999;
  });
}

export function rows(image: Image, channel = 0): number[][] {
  const out: number[][] = [];
  for (let y = 0; y < image.height; y++) {
    const start = (channel * image.height + y) * image.width;
    out.push(Array.from(image.data.subarray(start, start + image.width)));
  }
  return out;
}
