import { shuffleRng } from '../random/streams.js';

/**
 * Which dataset indices make up batch k of epoch e. Depends only on
 * (seed, epoch, dataset length, batch size, shuffle, dropLast), so any
 * position can be recomputed after a restart.
 */
export class EpochPlan {
  readonly batchesPerEpoch: number;
  private cachedEpoch = -1;
  private cachedOrder: Int32Array = new Int32Array(0);

  constructor(
    readonly length: number,
    readonly batchSize: number,
    readonly shuffle: boolean,
    readonly dropLast: boolean,
    readonly seed: number,
  ) {
    this.batchesPerEpoch = dropLast ? Math.floor(length / batchSize) : Math.ceil(length / batchSize);
  }

  /** The visiting order of epoch `epoch` (a permutation when shuffling, else 0..n-1). */
  order(epoch: number): Int32Array {
    if (epoch !== this.cachedEpoch) {
      this.cachedOrder = this.shuffle
        ? shuffleRng(this.seed, epoch).permutation(this.length)
        : Int32Array.from({ length: this.length }, (_, i) => i);
      this.cachedEpoch = epoch;
    }
    return this.cachedOrder;
  }

  batchIndices(epoch: number, batchIndex: number): Int32Array {
    const start = batchIndex * this.batchSize;
    return this.order(epoch).slice(start, Math.min(start + this.batchSize, this.length));
  }
}
