import {
  type Backend,
  cpuBackend,
  type DType,
  foldIn,
  getBackend,
  key,
  normalDoubles,
  randn,
  type Tensor,
  tensor,
} from '@isotropic/tensor';
import { checkPositiveInteger, checkSeed } from './validate.js';

export interface DirectionsOptions {
  /** Default float32. */
  dtype?: DType;
  /** Default: the current backend. */
  backend?: Backend;
}

// Domain separation: with seed = step, the directions must not be the very numbers that
// `randn(shape, { seed: step })` gives elsewhere in the same training step.
const DIRECTIONS_STREAM = 0x53_49_47_52; // 'SIGR' in ASCII; any fixed tag would do

/** Standard normal doubles for the directions: seeded, or from the global stream. */
function gaussianDoubles(count: number, seed: number | undefined): Float64Array {
  if (seed !== undefined) return normalDoubles(foldIn(key(seed), DIRECTIONS_STREAM), count);
  // No seed: draw from @isotropic/tensor's global stream (reproducible after manualSeed).
  const draw = randn([count], { dtype: 'float64', backend: cpuBackend() });
  try {
    return draw.dataSync() as Float64Array;
  } finally {
    draw.dispose();
  }
}

/**
 * M random unit directions in R^K, as the columns of a [K, M] tensor: Gaussian
 * columns divided by their norms, i.e. uniform on the sphere.
 *
 * Numbers are drawn (Philox) and normalised on the host in float64, then uploaded,
 * so the same seed gives bit-identical directions on every backend. Pass the global
 * step as the seed: new slices every step, reproducible runs.
 */
export function sampleDirections(
  K: number,
  M: number,
  seed?: number,
  options: DirectionsOptions = {},
): Tensor {
  const fn = 'sampleDirections';
  checkPositiveInteger(fn, 'K', K);
  checkPositiveInteger(fn, 'M', M);
  if (seed !== undefined) checkSeed(fn, seed);
  const a = gaussianDoubles(K * M, seed); // row-major [K, M]
  for (let m = 0; m < M; m++) {
    let norm2 = 0;
    for (let k = 0; k < K; k++) norm2 += a[k * M + m]! ** 2;
    // A zero column has probability 0; guard anyway so that K = 1 with a 0 draw cannot give NaN.
    const inv = norm2 > 0 ? 1 / Math.sqrt(norm2) : 0;
    for (let k = 0; k < K; k++) a[k * M + m]! *= inv;
  }
  return tensor(a, [K, M], { dtype: options.dtype ?? 'float32', backend: options.backend ?? getBackend() });
}
