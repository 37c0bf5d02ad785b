import { DataError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { checkIndex } from './dataset.js';

/** A view of `dataset` containing only `indices`, in that order (indices may repeat). */
export function subset<T>(dataset: Dataset<T>, indices: ArrayLike<number>): Dataset<T> {
  const picked = Int32Array.from(indices as ArrayLike<number>);
  for (let i = 0; i < picked.length; i++) {
    if (picked[i] !== indices[i] || picked[i] < 0 || picked[i] >= dataset.length) {
      throw new DataError(
        'INDEX_OUT_OF_RANGE',
        `subset: indices[${i}] = ${indices[i]} is not an integer in [0, ${dataset.length})`,
        { index: i },
      );
    }
  }
  return {
    length: picked.length,
    get(index: number): T {
      checkIndex(index, picked.length, 'subset');
      return dataset.get(picked[index]);
    },
  };
}
