import type { MultiCropSpec } from '../augment/multi-crop.js';
import type { DataErrorCode } from '../errors.js';
import type { Image } from '../image.js';
import type { ViewGroup } from './batch.js';

/**
 * Messages between a loader and its augmentation workers. Only plain data
 * and typed arrays cross; the typed arrays' buffers are transferred (moved,
 * not copied). The same protocol serves worker_threads and Web Workers.
 */

/** Sent once per worker before any job: the augmentation and the seed. */
export interface InitRequest {
  type: 'init';
  spec: MultiCropSpec;
  seed: number;
}

/** One batch of source images, concatenated into one buffer. */
export interface AugmentRequest {
  type: 'augment';
  jobId: number;
  epoch: number;
  /** Dataset index of each image (keys the per-view randomness). */
  indices: Int32Array;
  /** (channels, height, width) of each image, 3 entries per image. */
  shapes: Int32Array;
  pixels: Float32Array;
}

export type WorkerRequest = InitRequest | AugmentRequest;

export interface BatchReply {
  type: 'batch';
  jobId: number;
  global: ViewGroup;
  local: ViewGroup;
}

export interface ErrorReply {
  type: 'error';
  jobId: number;
  code: DataErrorCode;
  message: string;
  index?: number;
}

export type WorkerReply = BatchReply | ErrorReply;

/**
 * Copies a batch's images into one fresh buffer. Copying (rather than
 * transferring each image's own buffer) means a dataset that caches or shares
 * its images never finds them detached.
 */
export function packImages(images: readonly Image[]): { shapes: Int32Array; pixels: Float32Array } {
  const shapes = new Int32Array(images.length * 3);
  let total = 0;
  images.forEach((image, i) => {
    shapes.set([image.channels, image.height, image.width], i * 3);
    total += image.data.length;
  });
  const pixels = new Float32Array(total);
  let offset = 0;
  for (const image of images) {
    pixels.set(image.data, offset);
    offset += image.data.length;
  }
  return { shapes, pixels };
}

/** Inverse of packImages; images are views into `pixels`. */
export function unpackImages(shapes: Int32Array, pixels: Float32Array): Image[] {
  const images: Image[] = [];
  let offset = 0;
  for (let i = 0; i < shapes.length; i += 3) {
    const [channels, height, width] = [shapes[i], shapes[i + 1], shapes[i + 2]];
    const size = channels * height * width;
    images.push({ data: pixels.subarray(offset, offset + size), channels, height, width });
    offset += size;
  }
  return images;
}
