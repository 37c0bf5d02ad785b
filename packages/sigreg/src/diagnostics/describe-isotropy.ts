import { abs, mean, noGrad, reshape, scope, type Tensor } from '@isotropic/tensor';
import type { SigregOptions } from '../options.js';
import { sliceStatisticsFor } from '../slices.js';
import { checkEmbeddings } from '../validate.js';
import { covarianceSpectrum } from './covariance-spectrum.js';
import { effectiveRank } from './effective-rank.js';

/** Label-free health numbers of an embedding batch (see `isotropyReport`). */
export interface IsotropyReport {
  /** SIGReg: the mean of `perSlice`. */
  readonly sigreg: number;
  /** Epps–Pulley statistic of each slice (averaged over views): the least Gaussian directions stand out. */
  readonly perSlice: Float64Array;
  /** Covariance eigenvalues, descending. */
  readonly eigenvalues: Float64Array;
  /** exp(entropy) of the normalised eigenvalues, between 1 and K. */
  readonly effectiveRank: number;
  /** Number of features K (the largest possible effective rank). */
  readonly dimension: number;
  /** Mean over features of |mean over samples|: 0 for centred embeddings. */
  readonly meanAbsMean: number;
}

/**
 * Computes the numbers behind `describeIsotropy`, outside the gradient graph.
 * `options` are SIGReg's; the seed defaults to 0 so that successive reports use
 * the same slices and can be compared.
 */
export async function isotropyReport(x: Tensor, options: SigregOptions = {}): Promise<IsotropyReport> {
  const fn = 'isotropyReport';
  const { V, N, K } = checkEmbeddings(fn, x);
  // scope: the intermediates go as soon as the two small results are made
  const [perSliceTensor, featureMeans] = scope(() =>
    noGrad(() => {
      const slices = sliceStatisticsFor(fn, x, { ...options, seed: options.seed ?? 0 });
      const perSlice = slices.ndim === 2 ? mean(slices, 0) : slices;
      return [perSlice, mean(abs(mean(reshape(x, [V * N, K]), 0)))] as const;
    }),
  );
  try {
    const perSlice = Float64Array.from(await perSliceTensor.data());
    const eigenvalues = await covarianceSpectrum(x);
    return {
      sigreg: perSlice.reduce((s, v) => s + v, 0) / perSlice.length,
      perSlice,
      eigenvalues,
      effectiveRank: effectiveRank(eigenvalues),
      dimension: K,
      meanAbsMean: (await featureMeans.data())[0]!,
    };
  } finally {
    perSliceTensor.dispose();
    featureMeans.dispose();
  }
}

/** Fixed-point for ordinary magnitudes, scientific for tiny or huge ones. */
function formatNumber(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a < 0.01 || a >= 1e5) return v.toExponential(1);
  if (a >= 100) return v.toFixed(0);
  return v.toFixed(2);
}

/** One line for a training log, e.g. "SIGReg 1.04 | eff. rank 61.2/64 | cov eig min/max 0.82/1.21 | mean |mu| 0.03". */
export function formatIsotropy(r: IsotropyReport): string {
  const eigMax = r.eigenvalues[0] ?? 0;
  const eigMin = r.eigenvalues[r.eigenvalues.length - 1] ?? 0;
  return [
    `SIGReg ${formatNumber(r.sigreg)}`,
    `eff. rank ${r.effectiveRank.toFixed(1)}/${r.dimension}`,
    `cov eig min/max ${formatNumber(eigMin)}/${formatNumber(eigMax)}`,
    `mean |mu| ${formatNumber(r.meanAbsMean)}`,
  ].join(' | ');
}

/**
 * A one-line summary of how isotropic-Gaussian a batch of embeddings [N, K] or
 * [V, N, K] looks, for monitoring collapse without labels: SIGReg (about 1.05 when
 * healthy), the effective rank of the covariance (close to K), the covariance
 * eigenvalue range (close to 1/1) and the mean's size (close to 0).
 */
export async function describeIsotropy(x: Tensor, options: SigregOptions = {}): Promise<string> {
  return formatIsotropy(await isotropyReport(x, options));
}
