import type { AsyncDataset, Dataset } from '../dataset/dataset.js';
import { DataError } from '../errors.js';
import type { Image, Sample } from '../image.js';

export type SampleSource = Dataset<Sample> | AsyncDataset<Sample>;

/** Reads the samples of one batch (awaiting async datasets) and their labels (-1 = none). */
export async function readSamples(
  dataset: SampleSource,
  indices: Int32Array,
): Promise<{ images: Image[]; labels: Int32Array }> {
  const images: Image[] = [];
  const labels = new Int32Array(indices.length);
  for (let b = 0; b < indices.length; b++) {
    const sample = await dataset.get(indices[b]);
    if (!sample || typeof sample !== 'object' || !sample.image) {
      throw new DataError(
        'INVALID_IMAGE',
        `loader: dataset.get(${indices[b]}) did not return { image, label? }`,
        {
          index: indices[b],
        },
      );
    }
    const { label } = sample;
    if (label !== undefined && (!Number.isInteger(label) || label < 0)) {
      throw new DataError(
        'INVALID_IMAGE',
        `loader: dataset item ${indices[b]} has label ${String(label)}; labels must be non-negative integers`,
        { index: indices[b] },
      );
    }
    images.push(sample.image);
    labels[b] = label ?? -1;
  }
  return { images, labels };
}
