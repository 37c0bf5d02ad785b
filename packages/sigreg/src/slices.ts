import { cast, matmul, permute, reshape, type Tensor } from '@isotropic/tensor';
import { sampleDirections } from './directions.js';
import { epsPulleyColumns } from './eps-pulley.js';
import { DEFAULT_KNOTS, DEFAULT_NUM_SLICES, DEFAULT_T_MAX, type SigregOptions } from './options.js';
import {
  checkDirections,
  checkEmbeddings,
  checkGridOptions,
  checkPositiveInteger,
  checkSeed,
} from './validate.js';

/** The directions to project on: the given ones (cast to x's dtype) or freshly sampled. */
function resolveDirections(fn: string, x: Tensor, K: number, options: SigregOptions): Tensor {
  const { directions, numSlices, seed } = options;
  if (seed !== undefined) checkSeed(fn, seed);
  if (numSlices !== undefined) checkPositiveInteger(fn, 'numSlices', numSlices);
  if (directions) {
    checkDirections(fn, directions, x, K);
    return cast(directions, x.dtype);
  }
  return sampleDirections(K, numSlices ?? DEFAULT_NUM_SLICES, seed, { dtype: x.dtype, backend: x.backend });
}

/** `sliceStatistics`, with errors named after the public function `fn` that called it. */
export function sliceStatisticsFor(fn: string, x: Tensor, options: SigregOptions): Tensor {
  const { V, N, K } = checkEmbeddings(fn, x);
  const { knots = DEFAULT_KNOTS, tMax = DEFAULT_T_MAX } = options;
  checkGridOptions(fn, knots, tMax);
  const A = resolveDirections(fn, x, K, options);
  const M = A.shape[1]!;
  // One [V*N, K] @ [K, M] product for every view (a free reshape of contiguous x).
  const z = matmul(reshape(x, [V * N, K]), A);
  // ecf averages over rows: lay the views side by side as columns, [N, V*M] (one copy of
  // the projections), so that one fused ecf call covers every view.
  const columns = V === 1 ? z : reshape(permute(reshape(z, [V, N, M]), [1, 0, 2]), [N, V * M]);
  const statistics = epsPulleyColumns(columns, knots, tMax);
  return x.ndim === 2 ? statistics : reshape(statistics, [V, M]);
}

/**
 * Epps–Pulley statistic of every slice: x [N, K] -> [M], x [V, N, K] -> [V, M]
 * (each view scored on its own, all on the same directions). SIGReg is their mean;
 * the individual values show which directions are least Gaussian.
 */
export function sliceStatistics(x: Tensor, options: SigregOptions = {}): Tensor {
  return sliceStatisticsFor('sliceStatistics', x, options);
}
