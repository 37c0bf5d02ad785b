import { mean, type Tensor } from '@isotropic/tensor';
import type { SigregOptions } from './options.js';
import { sliceStatisticsFor } from './slices.js';

/**
 * SIGReg (Sketched Isotropic Gaussian Regularisation): the mean, over random unit
 * directions (and over views), of the Epps–Pulley statistic of the embeddings
 * projected on each direction. About 1.05 in expectation for isotropic Gaussian
 * embeddings whatever N, about 0.40 * N for embeddings collapsed to the origin;
 * minimising it pushes the embedding distribution towards N(0, I).
 *
 * x: [N, K] or [V, N, K] embeddings; returns a scalar tensor, differentiable in x.
 */
export function sigreg(x: Tensor, options: SigregOptions = {}): Tensor {
  return mean(sliceStatisticsFor('sigreg', x, options));
}
