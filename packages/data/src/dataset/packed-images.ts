import { DataError } from '../errors.js';
import type { Sample } from '../image.js';
import { imageFromBytes } from '../image.js';
import type { Dataset } from './dataset.js';
import { checkIndex } from './dataset.js';

/**
 * N same-sized images kept as 8-bit planar bytes (N x C x H x W) plus int32
 * labels (-1 = unlabeled). 4x smaller than float32, and one contiguous buffer
 * that can be cached to disk as-is.
 */
export interface PackedImages {
  count: number;
  channels: number;
  height: number;
  width: number;
  pixels: Uint8Array;
  labels: Int32Array;
}

export function checkPackedImages(packed: PackedImages, where: string): void {
  const { count, channels, height, width, pixels, labels } = packed;
  const expected = count * channels * height * width;
  if (pixels.length !== expected || labels.length !== count) {
    throw new DataError(
      'CORRUPT_FILE',
      `${where}: expected ${count} images of ${channels}x${height}x${width} (${expected} bytes, ${count} labels), got ${pixels.length} bytes and ${labels.length} labels`,
    );
  }
}

/**
 * A Dataset over packed images, optionally restricted to `indices` (how the
 * train/test splits of the built-in datasets share one buffer without copying).
 */
export class PackedImageDataset implements Dataset<Sample> {
  readonly length: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** Human-readable class names; `labels` index into it. Empty when unlabeled. */
  readonly classNames: readonly string[];

  constructor(
    private readonly packed: PackedImages,
    classNames: readonly string[] = [],
    private readonly indices?: Int32Array,
  ) {
    checkPackedImages(packed, 'PackedImageDataset');
    this.length = indices ? indices.length : packed.count;
    this.channels = packed.channels;
    this.height = packed.height;
    this.width = packed.width;
    this.classNames = classNames;
  }

  get(index: number): Sample {
    checkIndex(index, this.length, 'PackedImageDataset');
    const source = this.indices ? this.indices[index] : index;
    const size = this.channels * this.height * this.width;
    const bytes = this.packed.pixels.subarray(source * size, (source + 1) * size);
    const image = imageFromBytes(bytes, this.channels, this.height, this.width, 'chw');
    const label = this.packed.labels[source];
    return label >= 0 ? { image, label } : { image };
  }

  /** Label of item `index` without decoding its pixels (-1 when unlabeled). */
  labelOf(index: number): number {
    checkIndex(index, this.length, 'PackedImageDataset');
    return this.packed.labels[this.indices ? this.indices[index] : index];
  }
}
