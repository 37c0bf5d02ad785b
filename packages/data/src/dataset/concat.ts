import type { Dataset } from './dataset.js';
import { checkIndex } from './dataset.js';

/** The datasets one after another; index i of the result maps into whichever part holds it. */
export function concat<T>(...datasets: Dataset<T>[]): Dataset<T> {
  const ends: number[] = [];
  let total = 0;
  for (const dataset of datasets) {
    total += dataset.length;
    ends.push(total);
  }
  return {
    length: total,
    get(index: number): T {
      checkIndex(index, total, 'concat');
      // Few parts in practice, so a linear scan beats a binary search.
      let part = 0;
      while (index >= ends[part]) part++;
      const start = part === 0 ? 0 : ends[part - 1];
      return datasets[part].get(index - start);
    },
  };
}
