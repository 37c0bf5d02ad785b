import { DataError } from '../errors.js';
import type { Image } from '../image.js';
import { requireNumberList } from '../validate.js';
import type { NormalizeSpec } from './spec.js';

/** Per-channel statistics for Normalize. */
export interface ChannelStats {
  mean: readonly number[];
  std: readonly number[];
}

/** The usual ImageNet RGB statistics (what the LeJEPA reference recipe normalises with). */
export const IMAGENET_STATS: ChannelStats = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
/** Fashion-MNIST training-set pixel statistics (grayscale). */
export const FASHION_MNIST_STATS: ChannelStats = { mean: [0.286], std: [0.353] };
/** MNIST training-set pixel statistics (grayscale). */
export const MNIST_STATS: ChannelStats = { mean: [0.1307], std: [0.3081] };

export function normalize(stats: ChannelStats): NormalizeSpec {
  const mean = requireNumberList('normalize.mean', stats.mean);
  const std = requireNumberList('normalize.std', stats.std, 0);
  if (mean.length !== std.length) {
    throw new DataError(
      'INVALID_OPTION',
      `option \`normalize\`: mean has ${mean.length} entries but std has ${std.length}; they must match`,
      { option: 'normalize' },
    );
  }
  return { kind: 'normalize', mean: [...mean], std: [...std] };
}

/** (x - mean[c]) / std[c], in place. Stats must have one entry or one per channel. */
export function normalizeInPlace(image: Image, spec: NormalizeSpec): Image {
  const { channels, data } = image;
  if (spec.mean.length !== 1 && spec.mean.length !== channels) {
    throw new DataError(
      'INVALID_IMAGE',
      `normalize: stats have ${spec.mean.length} entries but the image has ${channels} channels (use 1 entry or ${channels})`,
    );
  }
  const plane = image.height * image.width;
  for (let c = 0; c < channels; c++) {
    const s = spec.mean.length === 1 ? 0 : c;
    const mean = spec.mean[s];
    const inv = 1 / spec.std[s];
    for (let i = c * plane; i < (c + 1) * plane; i++) data[i] = (data[i] - mean) * inv;
  }
  return image;
}
