import {
  type ChannelStats,
  type Dataset,
  type DirectoryHandleLike,
  decodePackedImages,
  FASHION_MNIST_STATS,
  type ImageFolder,
  loadImageDirectory,
  loadImageFiles,
  PackedImageDataset,
  type Sample,
  split,
} from '@isotropic/data';

/** What a run trains on: a train set, a held-out set for the embedding plot, and how to normalise. */
export interface TrainingData {
  /** For the page and the safetensors metadata. */
  name: string;
  train: Dataset<Sample>;
  /** Held-out images whose embeddings are plotted (at most a few hundred). */
  test: Dataset<Sample>;
  /** Class names in label order; empty when the images are unlabeled (no online probe then). */
  classNames: readonly string[];
  channels: number;
  /** Images are square, this many pixels a side. */
  size: number;
  stats: ChannelStats;
}

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** Largest held-out set embedded for the scatter plot. */
const MAX_TEST = 500;

async function fetchPacked(file: string): Promise<PackedImageDataset> {
  // The page's own asset (public/sample/, made by scripts/make-sample.mjs): the only fetch the page does.
  const url = `${import.meta.env.BASE_URL}sample/${file}`;
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(
      `could not load the built-in sample ${url} (HTTP ${response.status}); run \`node scripts/make-sample.mjs\``,
    );
  }
  const packed = decodePackedImages(new Uint8Array(await response.arrayBuffer()), url);
  return new PackedImageDataset(packed, FASHION_MNIST_CLASSES);
}

/** The built-in sample: 2,000 train + 500 test Fashion-MNIST images, 1x28x28, 10 classes. */
export async function loadSample(): Promise<TrainingData> {
  const [train, test] = await Promise.all([
    fetchPacked('fashion-mnist-train.isoimg'),
    fetchPacked('fashion-mnist-test.isoimg'),
  ]);
  return {
    name: `Fashion-MNIST sample (${train.length} train + ${test.length} test)`,
    train,
    test,
    classNames: FASHION_MNIST_CLASSES,
    channels: 1,
    size: 28,
    stats: FASHION_MNIST_STATS,
  };
}

/** Per-channel mean and standard deviation over (up to 1,000 of) the images. */
function channelStats(ds: Dataset<Sample>, channels: number): ChannelStats {
  const sum = new Float64Array(channels);
  const sq = new Float64Array(channels);
  let count = 0;
  const step = Math.max(1, Math.floor(ds.length / 1000));
  for (let i = 0; i < ds.length; i += step) {
    const { data, height, width } = ds.get(i).image;
    const plane = height * width;
    for (let c = 0; c < channels; c++) {
      for (let p = 0; p < plane; p++) {
        const v = data[c * plane + p]!;
        sum[c]! += v;
        sq[c]! += v * v;
      }
    }
    count += plane;
  }
  const mean = Array.from(sum, (s) => s / count);
  const std = Array.from(sq, (s, c) => Math.max(Math.sqrt(Math.max(s / count - mean[c]! ** 2, 0)), 1e-3));
  return { mean, std };
}

export type FolderSource = ArrayLike<File> | DirectoryHandleLike;

function isDirectoryHandle(source: FolderSource): source is DirectoryHandleLike {
  return (source as { kind?: unknown }).kind === 'directory';
}

/**
 * Your own images, decoded in the page (createImageBitmap + OffscreenCanvas) and
 * resized to `size` x `size` RGB. Sub-folders name classes (then the online probe
 * trains on them); a flat folder is unlabeled. A fifth (at most 500) is held out
 * for the embedding plot.
 */
export async function loadFolder(
  source: FolderSource,
  size: number,
  onSkip: (path: string, reason: string) => void,
): Promise<TrainingData> {
  const options = {
    size: [size, size] as const,
    channels: 3 as const,
    onSkip: (f: { path: string; reason: string }) => onSkip(f.path, f.reason),
  };
  const folder: ImageFolder = isDirectoryHandle(source)
    ? await loadImageDirectory(source, options)
    : await loadImageFiles(source, {
        ...options,
        // <input webkitdirectory> paths start with the chosen folder's name
        rootName: source[0]?.webkitRelativePath.split('/')[0] || 'files',
      });
  const held = folder.length >= 10 ? Math.min(MAX_TEST, Math.round(folder.length / 5)) : 0;
  const [train, test] =
    held > 0 ? split(folder, [folder.length - held, held], { seed: 0 }) : [folder, folder];
  return {
    name: `${folder.summary.root} (${folder.length} images${folder.classes.length ? `, ${folder.classes.length} classes` : ''})`,
    train: train!,
    test: test!,
    classNames: folder.classes,
    channels: 3,
    size,
    stats: channelStats(folder, 3),
  };
}
