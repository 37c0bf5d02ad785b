import { DataError } from '../errors.js';
import { splitRng } from '../random/streams.js';
import { requireInteger } from '../validate.js';
import type { Dataset } from './dataset.js';
import { subset } from './subset.js';

export interface SplitOptions {
  /** Shuffle before splitting with this seed. Without it the split is contiguous (first part first). */
  seed?: number;
}

/**
 * Splits `dataset` into disjoint parts covering all of it.
 *
 * `sizes` are either counts that sum to `dataset.length`, or fractions that
 * sum to 1; fractions are floored and the leftover items go one each to the
 * first parts (as torch's random_split does), so the result is deterministic.
 */
export function split<T>(
  dataset: Dataset<T>,
  sizes: readonly number[],
  options: SplitOptions = {},
): Dataset<T>[] {
  const counts = resolveCounts(sizes, dataset.length);
  const order =
    options.seed === undefined
      ? Int32Array.from({ length: dataset.length }, (_, i) => i)
      : splitRng(requireInteger('seed', options.seed, 0)).permutation(dataset.length);
  const parts: Dataset<T>[] = [];
  let start = 0;
  for (const count of counts) {
    parts.push(subset(dataset, order.subarray(start, start + count)));
    start += count;
  }
  return parts;
}

function resolveCounts(sizes: readonly number[], length: number): number[] {
  if (sizes.length === 0 || sizes.some((s) => !Number.isFinite(s) || s < 0)) {
    throw new DataError(
      'INVALID_OPTION',
      `split: sizes must be non-negative numbers, got [${sizes.join(', ')}]`,
      {
        option: 'sizes',
      },
    );
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.every(Number.isInteger) && total === length) return [...sizes];
  if (Math.abs(total - 1) < 1e-9) {
    const counts = sizes.map((fraction) => Math.floor(fraction * length));
    let leftover = length - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; leftover > 0; i = (i + 1) % counts.length, leftover--) counts[i]++;
    return counts;
  }
  throw new DataError(
    'INVALID_OPTION',
    `split: sizes [${sizes.join(', ')}] must be integer counts summing to the dataset length ${length} or fractions summing to 1`,
    { option: 'sizes' },
  );
}
