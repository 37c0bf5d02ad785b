import type { MultiCropSpec } from '../augment/multi-crop.js';
import { checkMultiCropSpec } from '../augment/multi-crop.js';
import { DataError } from '../errors.js';
import { requireBoolean, requireInteger } from '../validate.js';
import type { LoaderState } from './state.js';

export interface LoaderOptions {
  /** Samples per batch (B). */
  batchSize: number;
  /** The augmentation: build it with `multiCrop(...)` (or `evalViews(...)` for evaluation). */
  views: MultiCropSpec;
  /** Seeds shuffling and augmentation. Default 0. Same seed => same batches. */
  seed?: number;
  /** Reshuffle every epoch, default true. */
  shuffle?: boolean;
  /** Drop the last incomplete batch of each epoch, default false. */
  dropLast?: boolean;
  /** Number of epochs one iteration runs through, default 1. */
  epochs?: number;
  /** A `loader.state()` saved earlier: iteration continues from that batch. */
  resume?: LoaderState;
}

export interface ResolvedLoaderOptions {
  batchSize: number;
  views: MultiCropSpec;
  seed: number;
  shuffle: boolean;
  dropLast: boolean;
  epochs: number;
  resume: LoaderState | undefined;
}

export function resolveLoaderOptions(datasetLength: number, options: LoaderOptions): ResolvedLoaderOptions {
  if (datasetLength === 0) {
    throw new DataError('INVALID_OPTION', 'loader: the dataset is empty (length 0); nothing to load', {
      option: 'dataset',
    });
  }
  checkMultiCropSpec(options.views);
  const resolved: ResolvedLoaderOptions = {
    batchSize: requireInteger('batchSize', options.batchSize, 1),
    views: options.views,
    seed: requireInteger('seed', options.seed ?? 0, 0),
    shuffle: requireBoolean('shuffle', options.shuffle ?? true),
    dropLast: requireBoolean('dropLast', options.dropLast ?? false),
    epochs: requireInteger('epochs', options.epochs ?? 1, 1),
    resume: options.resume,
  };
  if (resolved.dropLast && resolved.batchSize > datasetLength) {
    throw new DataError(
      'INVALID_OPTION',
      `loader: batchSize ${resolved.batchSize} is larger than the dataset (${datasetLength} items) and dropLast is set, so every epoch would be empty`,
      { option: 'batchSize' },
    );
  }
  return resolved;
}
