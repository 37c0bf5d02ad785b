import { ValueError } from '@isotropic/tensor';

export interface WarmupCosineOptions {
  /** The learning rate reached at the end of warmup. */
  readonly peakLr: number;
  readonly warmupSteps: number;
  /** Step at which the cosine reaches finalLr (it stays there afterwards). */
  readonly totalSteps: number;
  readonly finalLr?: number;
  /** The learning rate at step 0 (default 0). */
  readonly startLr?: number;
}

/**
 * Linear warmup from startLr to peakLr over warmupSteps, then half a cosine from
 * peakLr down to finalLr at totalSteps:
 *   step < warmup: start + (peak − start) · step / warmup
 *   otherwise:     final + (peak − final) · ½ (1 + cos(π · min(1, (step − warmup) / (total − warmup))))
 */
export function warmupCosine(options: WarmupCosineOptions): (step: number) => number {
  const { peakLr, warmupSteps, totalSteps, finalLr = 0, startLr = 0 } = options;
  if (
    !Number.isInteger(warmupSteps) ||
    warmupSteps < 0 ||
    !Number.isInteger(totalSteps) ||
    totalSteps < warmupSteps
  ) {
    throw new ValueError(
      `warmupCosine: need integers 0 <= warmupSteps <= totalSteps, got ${warmupSteps} and ${totalSteps}`,
    );
  }
  return (step: number) => {
    if (step < warmupSteps) return startLr + ((peakLr - startLr) * step) / warmupSteps;
    const span = totalSteps - warmupSteps;
    const progress = span === 0 ? 1 : Math.min(1, (step - warmupSteps) / span);
    return finalLr + (peakLr - finalLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
  };
}
