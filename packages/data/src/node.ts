/**
 * @isotropic/data/node — everything in the main entry plus the Node-only
 * parts: built-in datasets with an on-disk cache, ImageFolder via sharp, and
 * the worker_threads loader.
 */
export * from './index.js';
export type { BuiltinDatasetOptions, BuiltinLoadInfo, BuiltinSplit } from './node/builtin-datasets.js';
export { BuiltinImageDataset, loadFashionMnist, loadMnist, TRAIN_FRACTION } from './node/builtin-datasets.js';
export { resolveCacheDir } from './node/cache-dir.js';
export { loadImageFolder } from './node/image-folder.js';
export type { WorkerLoaderOptions } from './node/worker-loader.js';
export { createWorkerLoader } from './node/worker-loader.js';
