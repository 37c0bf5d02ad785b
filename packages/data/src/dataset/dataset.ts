import { DataError } from '../errors.js';

/**
 * A random-access collection. `get` is synchronous: every built-in dataset
 * holds its (compact, 8-bit) pixels in memory, and composition stays simple.
 * Sources that can only be read asynchronously implement `AsyncDataset`,
 * which the loaders also accept (they await `get`).
 */
export interface Dataset<T> {
  readonly length: number;
  get(index: number): T;
}

export interface AsyncDataset<T> {
  readonly length: number;
  get(index: number): Promise<T>;
}

/** Throws INDEX_OUT_OF_RANGE unless `index` is an integer in [0, length). `where` names the dataset. */
export function checkIndex(index: number, length: number, where: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new DataError(
      'INDEX_OUT_OF_RANGE',
      `${where}: index ${index} is out of range, expected an integer in [0, ${length})`,
      { index },
    );
  }
}
