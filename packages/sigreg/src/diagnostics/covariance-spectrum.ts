import { div, matmul, mean, noGrad, reshape, scope, sub, type Tensor, transpose } from '@isotropic/tensor';
import { checkEmbeddings } from '../validate.js';
import { symmetricEigenvalues } from './symmetric-eigenvalues.js';

/**
 * Covariance of the embeddings' features: x [N, K] -> [K, K], or x [V, N, K] with
 * the V*N rows pooled (every view is a sample of the same distribution). Sample
 * covariance (divides by rows - 1), computed with backend ops, outside the graph.
 */
export function embeddingCovariance(x: Tensor, fn = 'embeddingCovariance'): Tensor {
  const { V, N, K } = checkEmbeddings(fn, x);
  return scope(() =>
    noGrad(() => {
      const rows = reshape(x, [V * N, K]);
      const centred = sub(rows, mean(rows, 0, true));
      return div(matmul(transpose(centred), centred), V * N - 1);
    }),
  );
}

/**
 * Eigenvalues of the embeddings' K x K covariance, descending, in float64: the spectrum
 * SIGReg flattens to all-ones. A few tiny eigenvalues mean dimensional collapse; a
 * spread from min to max means anisotropy. The eigensolver runs on the host.
 */
export async function covarianceSpectrum(x: Tensor): Promise<Float64Array> {
  const K = x.shape[x.ndim - 1]!;
  const cov = embeddingCovariance(x, 'covarianceSpectrum');
  try {
    return symmetricEigenvalues(await cov.data(), K).reverse();
  } finally {
    cov.dispose();
  }
}
