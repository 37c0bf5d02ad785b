import type { MultiCropSpec, ViewGroupSpec } from '../augment/multi-crop.js';
import { applyMultiCrop } from '../augment/multi-crop.js';
import { DataError } from '../errors.js';
import type { Image } from '../image.js';
import { assertImage } from '../image.js';
import type { ViewGroup } from './batch.js';

/**
 * The single function that turns source images into view groups. The
 * in-process loader and every worker call exactly this, which is what makes
 * their batches bit-identical.
 */
export function augmentBatch(
  spec: MultiCropSpec,
  images: readonly Image[],
  indices: Int32Array,
  seed: number,
  epoch: number,
): { global: ViewGroup; local: ViewGroup } {
  const batch = images.length;
  const channels = images.length > 0 ? images[0].channels : 1;
  const global = allocate(spec.global, batch, channels);
  const local = allocate(spec.local, batch, channels);
  images.forEach((image, b) => {
    assertImage(image, `loader: dataset item ${indices[b]}`, indices[b]);
    if (image.channels !== channels) {
      throw new DataError(
        'SHAPE_MISMATCH',
        `loader: dataset item ${indices[b]} has ${image.channels} channels but item ${indices[0]} in the same batch has ${channels}; all images must have the same channel count`,
        { index: indices[b] },
      );
    }
    const views = applyMultiCrop(spec, image, { seed, epoch, index: indices[b] });
    place(global, views.global, b);
    place(local, views.local, b);
  });
  return { global, local };
}

function allocate(group: ViewGroupSpec, batch: number, channels: number): ViewGroup {
  const [height, width] = group.crop.size;
  return {
    data: new Float32Array(group.views * batch * channels * height * width),
    shape: [group.views, batch, channels, height, width],
  };
}

function place(group: ViewGroup, views: readonly Image[], b: number): void {
  const [, batch] = group.shape;
  views.forEach((view, v) => {
    group.data.set(view.data, (v * batch + b) * view.data.length);
  });
}
