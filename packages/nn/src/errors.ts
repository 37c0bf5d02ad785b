import { IsotropicError, ShapeError, ValueError } from '@isotropic/tensor';

export interface ShapeMismatch {
  readonly key: string;
  readonly expected: readonly number[];
  readonly got: readonly number[];
}

/** loadStateDict found keys it cannot load: every problem is listed, not only the first. */
export class StateDictError extends IsotropicError {
  override name = 'StateDictError';
  constructor(
    message: string,
    readonly missingKeys: readonly string[],
    readonly unexpectedKeys: readonly string[],
    readonly shapeMismatches: readonly ShapeMismatch[],
  ) {
    super(message);
  }
}

/** A malformed or unsupported safetensors file. */
export class SafetensorsError extends ValueError {
  override name = 'SafetensorsError';
}

/** An optimiser state that does not fit the optimiser it is loaded into. */
export class OptimizerStateError extends ShapeError {
  override name = 'OptimizerStateError';
}
