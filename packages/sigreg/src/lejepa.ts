import {
  add,
  fmtShape,
  mean,
  mul,
  ShapeError,
  slice,
  square,
  sub,
  type Tensor,
  ValueError,
} from '@isotropic/tensor';
import { DEFAULT_LAMBDA, DEFAULT_NUM_GLOBAL, type LejepaOptions } from './options.js';
import { sliceStatisticsFor } from './slices.js';
import { checkEmbeddings } from './validate.js';

/** The LeJEPA objective and its two parts, all scalar tensors differentiable in the embeddings. */
export interface LejepaLoss {
  /** (1 - lambda) * sim + lambda * sigreg. */
  readonly loss: Tensor;
  /** Prediction loss: mean over views, samples and features of (centers - x)^2. */
  readonly sim: Tensor;
  /** SIGReg of every view (same directions for all views), averaged over views. */
  readonly sigreg: Tensor;
}

function checkLejepaOptions(fn: string, embeddings: Tensor, V: number, options: LejepaOptions): void {
  const { numGlobal = DEFAULT_NUM_GLOBAL, lambda = DEFAULT_LAMBDA, centers = 'global' } = options;
  if (centers !== 'global' && centers !== 'all') {
    throw new ValueError(`${fn}: centers must be 'global' or 'all', got ${JSON.stringify(centers)}`);
  }
  if (!Number.isFinite(lambda) || lambda < 0 || lambda > 1) {
    throw new ValueError(`${fn}: lambda must be in [0, 1], got ${lambda}`);
  }
  // numGlobal only matters when the centers are the global views' mean.
  if (centers === 'global') {
    if (!Number.isInteger(numGlobal) || numGlobal < 1) {
      throw new ValueError(`${fn}: numGlobal must be a positive integer, got ${numGlobal}`);
    }
    if (numGlobal > V) {
      throw new ShapeError(
        `${fn}: numGlobal = ${numGlobal} exceeds the ${V} views of embeddings ${fmtShape(embeddings.shape)}; ` +
          'expected numGlobal <= V (the first numGlobal views are the global ones)',
      );
    }
  }
}

/**
 * The LeJEPA objective for embeddings [V, N, K] (V views of the same N images,
 * global views first):
 *
 *   centers = mean of the first numGlobal views   (centers: 'global', the default)
 *           | mean of all V views                  (centers: 'all', the minimal example)
 *   sim     = mean over v, n, k of (centers_nk - x_vnk)^2
 *   loss    = (1 - lambda) * sim + lambda * sigreg(x)
 *
 * Gradients flow through the centers too (no stop-gradient), as in the official code.
 */
export function lejepaLoss(embeddings: Tensor, options: LejepaOptions = {}): LejepaLoss {
  const fn = 'lejepaLoss';
  if (embeddings.ndim !== 3) {
    throw new ShapeError(
      `${fn}: expected embeddings of shape [V, N, K] (one [N, K] set per view, global views first), got ${fmtShape(embeddings.shape)}`,
    );
  }
  const { V } = checkEmbeddings(fn, embeddings);
  checkLejepaOptions(fn, embeddings, V, options);
  const { numGlobal = DEFAULT_NUM_GLOBAL, lambda = DEFAULT_LAMBDA, centers = 'global' } = options;
  const targets = centers === 'all' ? embeddings : slice(embeddings, [[0, numGlobal]]);
  const centersTensor = mean(targets, 0, true); // [1, N, K], broadcast over the views
  const sim = mean(square(sub(centersTensor, embeddings)));
  const reg = mean(sliceStatisticsFor(fn, embeddings, options)); // sigreg(), with errors named lejepaLoss
  const loss = add(mul(sim, 1 - lambda), mul(reg, lambda));
  return { loss, sim, sigreg: reg };
}
