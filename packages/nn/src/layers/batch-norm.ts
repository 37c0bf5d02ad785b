import {
  add,
  fmtShape,
  full,
  mean,
  mul,
  noGrad,
  reshape,
  rsqrt,
  ShapeError,
  sub,
  type Tensor,
  ValueError,
  variance,
} from '@isotropic/tensor';
import { type InitOptions, onesInit, zerosInit } from '../init.js';
import { Module } from '../module.js';
import { Parameter, Variable } from '../parameter.js';
import { positiveInt } from './options.js';

export interface BatchNormOptions extends Omit<InitOptions, 'key'> {
  readonly eps?: number;
  /** Weight of the new batch in the running statistics (PyTorch: 0.1). */
  readonly momentum?: number;
  /** Learn a per-channel scale and shift (default true). */
  readonly affine?: boolean;
  /** Keep running statistics for eval mode (default true). */
  readonly trackRunningStats?: boolean;
}

/**
 * Batch normalisation over every dim but the channel dim 1, PyTorch semantics:
 * training normalises with the batch mean and biased variance and updates
 * running = (1 - momentum) running + momentum batch (unbiased variance);
 * eval normalises with the running statistics.
 */
abstract class BatchNorm extends Module {
  readonly eps: number;
  readonly momentum: number;
  readonly weight: Parameter | undefined;
  readonly bias: Parameter | undefined;
  readonly runningMean: Variable | undefined;
  readonly runningVar: Variable | undefined;
  readonly numBatchesTracked: Variable | undefined;

  protected abstract readonly ranks: readonly number[];
  protected abstract readonly layout: string;

  constructor(
    readonly numFeatures: number,
    options: BatchNormOptions = {},
  ) {
    super();
    positiveInt(this.constructor.name, 'numFeatures', numFeatures);
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    if (!(this.momentum >= 0 && this.momentum <= 1)) {
      throw new ValueError(`${this.constructor.name}: momentum must be in [0, 1], got ${this.momentum}`);
    }
    const affine = options.affine ?? true;
    this.weight = affine ? new Parameter(onesInit([numFeatures], options)) : undefined;
    this.bias = affine ? new Parameter(zerosInit([numFeatures], options)) : undefined;
    const track = options.trackRunningStats ?? true;
    this.runningMean = track ? new Variable(zerosInit([numFeatures], options)) : undefined;
    this.runningVar = track ? new Variable(onesInit([numFeatures], options)) : undefined;
    this.numBatchesTracked = track
      ? new Variable(full([], 0, { dtype: 'int32', backend: options.backend }))
      : undefined;
  }

  forward(x: Tensor): Tensor {
    const name = `${this.constructor.name}(${this.numFeatures})`;
    if (!this.ranks.includes(x.ndim) || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        `${name}: expected input ${this.layout} with C = ${this.numFeatures}, got ${fmtShape(x.shape)}`,
      );
    }
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const perChannel = x.shape.map((d, i) => (i === 1 ? d : 1));
    const useBatchStats = this.training || !this.runningMean;
    let mu: Tensor;
    let sigma2: Tensor;
    if (useBatchStats) {
      const n = x.size / this.numFeatures;
      if (this.training && n <= 1) {
        throw new ValueError(
          `${name}: training needs more than one value per channel, got input ${fmtShape(x.shape)}`,
        );
      }
      mu = mean(x, axes, true);
      sigma2 = variance(x, axes, true);
      if (this.training && this.runningMean) this.updateRunningStats(mu, sigma2, n);
    } else {
      mu = reshape(this.runningMean!.value, perChannel);
      sigma2 = reshape(this.runningVar!.value, perChannel);
    }
    let y = mul(sub(x, mu), rsqrt(add(sigma2, this.eps)));
    if (this.weight) y = mul(y, reshape(this.weight.value, perChannel));
    if (this.bias) y = add(y, reshape(this.bias.value, perChannel));
    return y;
  }

  private updateRunningStats(batchMean: Tensor, batchVar: Tensor, n: number): void {
    const m = this.momentum;
    const c = [this.numFeatures];
    noGrad(() => {
      const blend = (running: Variable, batch: Tensor) =>
        running.assign(add(mul(running.value, 1 - m), mul(reshape(batch, c), m)));
      blend(this.runningMean!, batchMean);
      blend(this.runningVar!, mul(batchVar, n / (n - 1)));
      this.numBatchesTracked!.assign(add(this.numBatchesTracked!.value, 1));
    });
  }
}

/** BatchNorm over (N, C) or (N, C, L) inputs. */
export class BatchNorm1d extends BatchNorm {
  protected readonly ranks = [2, 3];
  protected readonly layout = '(N, C) or (N, C, L)';
}

/** BatchNorm over (N, C, H, W) inputs. */
export class BatchNorm2d extends BatchNorm {
  protected readonly ranks = [4];
  protected readonly layout = '(N, C, H, W)';
}
