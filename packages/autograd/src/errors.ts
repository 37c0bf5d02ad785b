import { IsotropicError } from '@isotropic/tensor';

/** Misuse of differentiation: a non-scalar loss without a gradient, a non-float input, ... */
export class GradError extends IsotropicError {
  override name = 'GradError';
}

/**
 * backward() reached a tensor whose graph an earlier backward() already freed.
 * Pass `retainGraph: true` to the first call to differentiate the same graph twice.
 */
export class GraphFreedError extends GradError {
  override name = 'GraphFreedError';
}
