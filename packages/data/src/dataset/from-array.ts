import type { Dataset } from './dataset.js';
import { checkIndex } from './dataset.js';

/** Wraps an in-memory array (e.g. samples built in a test or a small demo) as a Dataset. */
export function fromArray<T>(items: readonly T[]): Dataset<T> {
  return {
    length: items.length,
    get(index: number): T {
      checkIndex(index, items.length, 'fromArray');
      return items[index];
    },
  };
}
