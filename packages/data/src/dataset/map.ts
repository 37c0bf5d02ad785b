import type { Dataset } from './dataset.js';

/**
 * Applies `fn` lazily on every `get`. `fn` also receives the index, which is
 * handy for deterministic per-item randomness (see `viewRng`).
 */
export function map<T, U>(dataset: Dataset<T>, fn: (item: T, index: number) => U): Dataset<U> {
  return {
    length: dataset.length,
    get(index: number): U {
      return fn(dataset.get(index), index);
    },
  };
}
