import { existsSync, statSync } from 'node:fs';
import {
  type ChannelStats,
  type Dataset,
  FASHION_MNIST_STATS,
  loadFashionMnist,
  loadImageFolder,
  loadMnist,
  MNIST_STATS,
  type Sample,
  split,
  subset,
} from '@isotropic/data/node';
import { ValueError } from '@isotropic/tensor';

/** A training set, a held-out set for evaluation, and what the model needs to know about them. */
export interface OpenedData {
  name: string;
  train: Dataset<Sample>;
  test: Dataset<Sample>;
  channels: number;
  /** Side of the (square) stored images. */
  size: number;
  classNames: readonly string[];
  /** Per-channel normalisation applied to every view. */
  stats: ChannelStats;
}

/** Every `length / n`-th item: a deterministic subset that keeps the class mix of ordered data. */
export function evenlySpaced<T>(ds: Dataset<T>, n: number | undefined): Dataset<T> {
  if (n === undefined || n >= ds.length) return ds;
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`limit must be a positive integer, got ${n}`);
  return subset(
    ds,
    Array.from({ length: n }, (_, i) => Math.floor((i * ds.length) / n)),
  );
}

const RGB_HALF: ChannelStats = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

/**
 * `fashion-mnist` and `mnist` are built in (their standard-sized train/test
 * splits); anything else is a folder of images (class sub-folders give labels),
 * split 80/20 with a fixed seed. `trainLimit` / `testLimit` take evenly spaced subsets.
 */
export async function openData(
  spec: string,
  opts: { trainLimit?: number; testLimit?: number; imageSize?: number } = {},
): Promise<OpenedData> {
  if (spec === 'fashion-mnist' || spec === 'mnist') {
    const load = spec === 'fashion-mnist' ? loadFashionMnist : loadMnist;
    const [train, test] = await Promise.all([load({ split: 'train' }), load({ split: 'test' })]);
    return {
      name: spec,
      train: evenlySpaced(train, opts.trainLimit),
      test: evenlySpaced(test, opts.testLimit),
      channels: 1,
      size: 28,
      classNames: train.classNames,
      stats: spec === 'fashion-mnist' ? FASHION_MNIST_STATS : MNIST_STATS,
    };
  }
  if (!existsSync(spec) || !statSync(spec).isDirectory()) {
    throw new ValueError(
      `--data: '${spec}' is neither fashion-mnist, mnist nor an existing folder of images`,
    );
  }
  const size = opts.imageSize ?? 64;
  const folder = await loadImageFolder(spec, { size: [size, size], channels: 3 });
  const [train, test] = split(folder, [0.8, 0.2], { seed: 0 }) as [Dataset<Sample>, Dataset<Sample>];
  return {
    name: spec,
    train: evenlySpaced(train, opts.trainLimit),
    test: evenlySpaced(test, opts.testLimit),
    channels: 3,
    size,
    classNames: folder.classes,
    stats: RGB_HALF,
  };
}
