import { IsotropicError } from '@isotropic/tensor';

/** The loss became NaN or infinite: training stops before the bad update is applied. */
export class NonFiniteLossError extends IsotropicError {
  override name = 'NonFiniteLossError';
  constructor(
    readonly step: number,
    readonly values: Readonly<Record<string, number>>,
    readonly lastCheckpoint: string | undefined,
  ) {
    super(
      `training stopped at step ${step}: the loss is not finite (${Object.entries(values)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}); the parameters were not updated. ` +
        (lastCheckpoint ? `Last good checkpoint: ${lastCheckpoint}.` : 'No checkpoint was written yet.') +
        ' Try a lower learning rate or a larger batch.',
    );
  }
}
