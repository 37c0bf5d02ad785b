import { add, div, mul, sqrt, sub, type Tensor, ValueError } from '@isotropic/tensor';
import type { Parameter } from '../parameter.js';
import { Optimizer, type ParamGroupSpec, type ParamState } from './optimizer.js';
import type { StepScalars } from './step-scalars.js';

export type AdamWHyperparameters = {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
};

/**
 * AdamW (Loshchilov & Hutter), PyTorch's torch.optim.AdamW step for step:
 *   p ← p (1 − lr·wd)                      decoupled weight decay
 *   m ← β₁ m + (1 − β₁) g,  v ← β₂ v + (1 − β₂) g²
 *   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * with t the parameter's own step count. Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, wd 0.01.
 */
export class AdamW extends Optimizer<AdamWHyperparameters> {
  protected readonly kind = 'AdamW';

  constructor(
    params: readonly Parameter[] | readonly ParamGroupSpec<AdamWHyperparameters>[],
    options: Partial<AdamWHyperparameters> = {},
  ) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, ...options });
  }

  protected validate({ lr, betas, eps, weightDecay }: AdamWHyperparameters): void {
    if (!(lr >= 0)) throw new ValueError(`AdamW: lr must be >= 0, got ${lr}`);
    if (!betas.every((b) => b >= 0 && b < 1))
      throw new ValueError(`AdamW: betas must be in [0, 1), got [${betas}]`);
    if (!(eps >= 0)) throw new ValueError(`AdamW: eps must be >= 0, got ${eps}`);
    if (!(weightDecay >= 0)) throw new ValueError(`AdamW: weightDecay must be >= 0, got ${weightDecay}`);
  }

  protected update(
    p: Parameter,
    g: Tensor,
    state: ParamState,
    h: AdamWHyperparameters,
    scalar: StepScalars,
  ): void {
    const [b1, b2] = h.betas;
    const t = state.step + 1;
    const value = p.value;
    const decayed = h.weightDecay === 0 ? value : mul(value, scalar.of(1 - h.lr * h.weightDecay, value));
    const m0 = state.slots.get('exp_avg');
    const v0 = state.slots.get('exp_avg_sq');
    const m = m0 ? add(mul(m0, b1), mul(g, 1 - b1)) : mul(g, 1 - b1);
    const v = v0 ? add(mul(v0, b2), mul(mul(g, g), 1 - b2)) : mul(mul(g, g), 1 - b2);
    const denom = add(div(sqrt(v), scalar.of(Math.sqrt(1 - b2 ** t), value)), h.eps);
    p.assign(sub(decayed, mul(div(m, denom), scalar.of(h.lr / (1 - b1 ** t), value))));
    this.setSlot(state, 'exp_avg', m);
    this.setSlot(state, 'exp_avg_sq', v);
    state.step = t;
  }
}
