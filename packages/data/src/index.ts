/**
 * @isotropic/data — browser-safe entry: datasets, augmentations, loaders.
 * Node-only pieces (filesystem, sharp, worker_threads, built-in datasets)
 * are in `@isotropic/data/node`; tensor conversion is in `@isotropic/data/tensor`.
 */

export { applyTransforms } from './augment/apply.js';
export { adjustBrightness, adjustContrast, adjustHue, adjustSaturation } from './augment/color-adjust.js';
export type { ColorJitterOptions, JitterAmount } from './augment/color-jitter.js';
export { colorJitter } from './augment/color-jitter.js';
export type { GaussianBlurOptions } from './augment/gaussian-blur.js';
export { blurWithSigma, gaussianBlur, gaussianKernel1d } from './augment/gaussian-blur.js';
export { grayscale, toGrayscaleInPlace } from './augment/grayscale.js';
export { flipHorizontalInPlace, horizontalFlip } from './augment/horizontal-flip.js';
export type { MultiCropOptions, MultiCropSpec, ViewGroupSpec } from './augment/multi-crop.js';
export {
  applyMultiCrop,
  DEFAULT_GLOBAL_SCALE,
  DEFAULT_LOCAL_SCALE,
  evalViews,
  multiCrop,
  totalViews,
} from './augment/multi-crop.js';
export type { ChannelStats } from './augment/normalize.js';
export {
  FASHION_MNIST_STATS,
  IMAGENET_STATS,
  MNIST_STATS,
  normalize,
  normalizeInPlace,
} from './augment/normalize.js';
export type { RandomResizedCropOptions } from './augment/random-resized-crop.js';
export { randomResizedCrop, sampleCropBox } from './augment/random-resized-crop.js';
export { lejepaViewTransforms, lightViewTransforms } from './augment/recipe.js';
export type { CropBox } from './augment/resample.js';
export { resize, resizedCrop } from './augment/resample.js';
export type { SolarizeOptions } from './augment/solarize.js';
export { solarize, solarizeInPlace } from './augment/solarize.js';
export type {
  ColorJitterSpec,
  GaussianBlurSpec,
  GrayscaleSpec,
  HorizontalFlipSpec,
  NormalizeSpec,
  RandomResizedCropSpec,
  SolarizeSpec,
  TransformSpec,
} from './augment/spec.js';
export type {
  BrowserImageFolderOptions,
  DirectoryHandleLike,
  FileHandleLike,
  PathedBlob,
} from './browser/image-files.js';
export { loadImageDirectory, loadImageFiles } from './browser/image-files.js';
export type { WebWorkerLike, WebWorkerLoaderOptions } from './browser/web-worker-loader.js';
export { createWebWorkerLoader } from './browser/web-worker-loader.js';
export { concat } from './dataset/concat.js';
export type { AsyncDataset, Dataset } from './dataset/dataset.js';
export { fromArray } from './dataset/from-array.js';
export { map } from './dataset/map.js';
export { decodePackedImages, encodePackedImages } from './dataset/packed-format.js';
export type { PackedImages } from './dataset/packed-images.js';
export { PackedImageDataset } from './dataset/packed-images.js';
export { perClassSplit } from './dataset/per-class-split.js';
export type { SplitOptions } from './dataset/split.js';
export { split } from './dataset/split.js';
export { subset } from './dataset/subset.js';
export type { DataErrorCode, DataErrorDetails } from './errors.js';
export { DataError } from './errors.js';
export type { DecodedPixels, FolderSummary } from './folder/image-folder.js';
export { ImageFolder } from './folder/image-folder.js';
export { IMAGE_EXTENSIONS } from './folder/layout.js';
export type { ImageFolderOptions, SkippedFile } from './folder/options.js';
export type { Image, Sample } from './image.js';
export { assertImage, cloneImage, createImage, imageFromBytes } from './image.js';
export { augmentBatch } from './loader/augment-batch.js';
export type { Loader } from './loader/base-loader.js';
export type { MultiViewBatch, ViewGroup } from './loader/batch.js';
export { createLoader } from './loader/loader.js';
export type { LoaderOptions } from './loader/options.js';
export type { AugmentWorker, PrefetchOptions } from './loader/prefetch-loader.js';
export { createPrefetchingLoader } from './loader/prefetch-loader.js';
export type { WorkerReply, WorkerRequest } from './loader/protocol.js';
export type { SampleSource } from './loader/read-samples.js';
export type { LoaderState } from './loader/state.js';
export { createWorkerRuntime } from './loader/worker-runtime.js';
export { Rng } from './random/rng.js';
export { shuffleRng, viewRng } from './random/streams.js';
