import type { Tensor } from '@isotropic/tensor';

/** Defaults of the official LeJEPA code (knots 17 on [0, 3], 256 slices, lambda 0.05, 2 global views). */
export const DEFAULT_KNOTS = 17;
export const DEFAULT_T_MAX = 3;
/** The paper recommends 1024 slices for its best runs; 256 is the official library's default. */
export const DEFAULT_NUM_SLICES = 256;
export const DEFAULT_LAMBDA = 0.05;
export const DEFAULT_NUM_GLOBAL = 2;

/** The quadrature grid of the Epps–Pulley statistic: `knots` points on [0, tMax]. */
export interface EpsPulleyOptions {
  /** Number of grid points t_k, odd and >= 3 (default 17). */
  knots?: number;
  /** Last grid point (default 3): the characteristic function is compared on [-tMax, tMax]. */
  tMax?: number;
}

export interface SigregOptions extends EpsPulleyOptions {
  /** Number of random directions M (default 256). Ignored when `directions` is given. */
  numSlices?: number;
  /**
   * Unit directions A of shape [K, M] (columns). Overrides sampling; pass the same
   * tensor to several calls to score them on the same slices.
   */
  directions?: Tensor;
  /**
   * Seed of the directions, normally the global training step, so that every step
   * draws new slices and a run is reproducible. Without it (and without `directions`)
   * the directions come from @isotropic/tensor's global stream (see `manualSeed`).
   */
  seed?: number;
}

/** Which views the prediction targets (`centers`) average. */
export type CentersMode = 'global' | 'all';

export interface LejepaOptions extends SigregOptions {
  /** The first `numGlobal` views are the global ones (default 2). */
  numGlobal?: number;
  /** Weight of SIGReg against the prediction loss, in [0, 1] (default 0.05). */
  lambda?: number;
  /**
   * `'global'` (default): centers are the mean of the global views, as in the paper and
   * the official library. `'all'`: the mean of every view, as in the paper's minimal example.
   */
  centers?: CentersMode;
}
