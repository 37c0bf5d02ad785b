import { DataError } from '../errors.js';
import type { MultiViewBatch } from './batch.js';
import { EpochPlan } from './epoch-plan.js';
import type { ResolvedLoaderOptions } from './options.js';
import type { LoaderState } from './state.js';
import { checkResumable } from './state.js';

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
  /**
   * Ends the iteration in progress (its for-await loop finishes normally; no
   * further batch is handed out, so `state()` stays exact) and releases
   * workers. Safe to call at any time; a later iteration starts afresh.
   */
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
  private closing = false;

  protected constructor(
    datasetLength: number,
    protected readonly options: ResolvedLoaderOptions,
  ) {
    this.plan = new EpochPlan(
      datasetLength,
      options.batchSize,
      options.shuffle,
      options.dropLast,
      options.seed,
    );
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

  async close(): Promise<void> {
    if (!this.iterating) return;
    this.closing = true;
    this.abortProduction();
  }

  /** Yields the batches at `positions`, in that order. */
  protected abstract produce(positions: BatchPosition[]): AsyncGenerator<MultiViewBatch, void, undefined>;

  /** Makes pending work settle promptly (e.g. terminate workers, reject their jobs). */
  protected abstract abortProduction(): void;

  async *[Symbol.asyncIterator](): AsyncGenerator<MultiViewBatch, void, undefined> {
    if (this.iterating) {
      throw new DataError(
        'INVALID_STATE',
        'loader: already being iterated; finish or break out of the first for-await loop before starting another',
      );
    }
    this.iterating = true;
    this.closing = false;
    try {
      for await (const batch of this.produce(this.remainingPositions())) {
        if (this.closing) return;
        this.position = this.after(batch);
        yield batch;
      }
    } catch (error) {
      // Work aborted by close() fails on purpose; the iteration simply ends.
      if (!this.closing) throw error;
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
