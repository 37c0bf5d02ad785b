import type { MultiViewBatch } from './batch.js';
import type { LoaderState } from './state.js';
import { checkResumable } from './state.js';
import type { ResolvedLoaderOptions } from './options.js';
import { EpochPlan } from './epoch-plan.js';
import { DataError } from '../errors.js';

/** Position of a batch: epoch and index within the epoch. */
export interface BatchPosition {
  epoch: number;
  batchIndex: number;
}

/** What both loaders offer: async iteration over batches plus a resumable position. */
export interface Loader extends AsyncIterable<MultiViewBatch> {
  readonly batchesPerEpoch: number;
  readonly epochs: number;
  /** The next batch to be yielded, plus a fingerprint of the loader; JSON-serialisable. */
  state(): LoaderState;
  /** Stops any iteration in progress and releases workers. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Position bookkeeping shared by the in-process and the worker loader.
 * Subclasses only say how to produce the batches from a position onwards;
 * the position advances when a batch is handed to the consumer, not when it
 * is prefetched, so `state()` taken after a training step is exact.
 */
export abstract class BaseLoader implements Loader {
  readonly batchesPerEpoch: number;
  readonly epochs: number;
  protected readonly plan: EpochPlan;
  private position: BatchPosition;
  private iterating = false;

  protected constructor(
    datasetLength: number,
    protected readonly options: ResolvedLoaderOptions,
  ) {
    this.plan = new EpochPlan(datasetLength, options.batchSize, options.shuffle, options.dropLast, options.seed);
    this.batchesPerEpoch = this.plan.batchesPerEpoch;
    this.epochs = options.epochs;
    this.position = { epoch: 0, batchIndex: 0 };
    if (options.resume) {
      checkResumable(options.resume, this.state(), this.batchesPerEpoch);
      this.position = { epoch: options.resume.epoch, batchIndex: options.resume.batchIndex };
    }
  }

  state(): LoaderState {
    return {
      epoch: this.position.epoch,
      batchIndex: this.position.batchIndex,
      seed: this.options.seed,
      datasetLength: this.plan.length,
      batchSize: this.options.batchSize,
      shuffle: this.options.shuffle,
      dropLast: this.options.dropLast,
    };
  }

  abstract close(): Promise<void>;

  /** Yields the batches at `positions`, in that order. */
  protected abstract produce(positions: BatchPosition[]): AsyncGenerator<MultiViewBatch, void, undefined>;

  async *[Symbol.asyncIterator](): AsyncGenerator<MultiViewBatch, void, undefined> {
    if (this.iterating) {
      throw new DataError(
        'INVALID_STATE',
        'loader: already being iterated; finish or break out of the first for-await loop before starting another',
      );
    }
    this.iterating = true;
    try {
      for await (const batch of this.produce(this.remainingPositions())) {
        this.position = this.after(batch);
        yield batch;
      }
    } finally {
      this.iterating = false;
    }
  }

  private remainingPositions(): BatchPosition[] {
    const positions: BatchPosition[] = [];
    for (let p = this.position; p.epoch < this.epochs; p = this.after(p)) positions.push(p);
    return positions;
  }

  private after({ epoch, batchIndex }: BatchPosition): BatchPosition {
    return batchIndex + 1 < this.batchesPerEpoch
      ? { epoch, batchIndex: batchIndex + 1 }
      : { epoch: epoch + 1, batchIndex: 0 };
  }
}
