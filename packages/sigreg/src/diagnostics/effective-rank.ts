import { ValueError } from '@isotropic/tensor';

/**
 * exp of the Shannon entropy of the normalised spectrum p_i = s_i / sum_j s_j: between 1
 * (all mass on one value: full collapse) and the count of values (a flat spectrum).
 * RankMe (Garrido et al., 2023) applies it to the singular values of the embedding
 * matrix; `describeIsotropy` applies it to the covariance eigenvalues, as asked by our
 * monitoring (for centred embeddings the singular values are sqrt((N - 1) * eigenvalues),
 * so pass `eigenvalues.map(Math.sqrt)` to get RankMe's number). Slightly negative
 * values (round-off of a positive semi-definite spectrum) count as 0.
 */
export function effectiveRank(spectrum: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < spectrum.length; i++) {
    const s = spectrum[i]!;
    if (!Number.isFinite(s)) {
      throw new ValueError(`effectiveRank: spectrum has a non-finite value at ${i}: ${s}`);
    }
    total += Math.max(s, 0);
  }
  if (total === 0) return 0; // no variance at all: rank 0 rather than 0/0
  let entropy = 0;
  for (let i = 0; i < spectrum.length; i++) {
    const p = Math.max(spectrum[i]!, 0) / total;
    if (p > 0) entropy -= p * Math.log(p);
  }
  return Math.exp(entropy);
}
