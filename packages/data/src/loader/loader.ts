import { augmentBatch } from './augment-batch.js';
import type { BatchPosition, Loader } from './base-loader.js';
import { BaseLoader } from './base-loader.js';
import type { MultiViewBatch } from './batch.js';
import type { LoaderOptions } from './options.js';
import { resolveLoaderOptions } from './options.js';
import type { SampleSource } from './read-samples.js';
import { readSamples } from './read-samples.js';

/** Loads and augments batches on the calling thread. Simple, and the reference the worker loaders match. */
class InProcessLoader extends BaseLoader {
  constructor(
    private readonly dataset: SampleSource,
    options: LoaderOptions,
  ) {
    super(dataset.length, resolveLoaderOptions(dataset.length, options));
  }

  protected abortProduction(): void {
    // Nothing runs between batches; the base class stops before the next one.
  }

  protected async *produce(positions: BatchPosition[]): AsyncGenerator<MultiViewBatch, void, undefined> {
    for (const { epoch, batchIndex } of positions) {
      const indices = this.plan.batchIndices(epoch, batchIndex);
      const { images, labels } = await readSamples(this.dataset, indices);
      const views = augmentBatch(this.options.views, images, indices, this.options.seed, epoch);
      yield { epoch, batchIndex, indices, labels, ...views };
    }
  }
}

export function createLoader(dataset: SampleSource, options: LoaderOptions): Loader {
  return new InProcessLoader(dataset, options);
}
