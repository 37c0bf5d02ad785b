import { add, mul, sub, type Tensor, ValueError } from '@isotropic/tensor';
import type { Parameter } from '../parameter.js';
import { Optimizer, type ParamGroupSpec, type ParamState } from './optimizer.js';
import type { StepScalars } from './step-scalars.js';

export type SGDHyperparameters = {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
};

/**
 * SGD as torch.optim.SGD:
 *   d ← g + wd·p;  b ← d on the first step, else μ b + (1 − dampening) d;
 *   d ← d + μ b (Nesterov) or b;  p ← p − lr·d.
 * Defaults: lr 1e-3, no momentum, no weight decay.
 */
export class SGD extends Optimizer<SGDHyperparameters> {
  protected readonly kind = 'SGD';

  constructor(
    params: readonly Parameter[] | readonly ParamGroupSpec<SGDHyperparameters>[],
    options: Partial<SGDHyperparameters> = {},
  ) {
    super(params, { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...options });
  }

  protected validate({ lr, momentum, dampening, weightDecay, nesterov }: SGDHyperparameters): void {
    if (!(lr >= 0)) throw new ValueError(`SGD: lr must be >= 0, got ${lr}`);
    if (!(momentum >= 0)) throw new ValueError(`SGD: momentum must be >= 0, got ${momentum}`);
    if (!(weightDecay >= 0)) throw new ValueError(`SGD: weightDecay must be >= 0, got ${weightDecay}`);
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new ValueError(
        `SGD: Nesterov momentum needs momentum > 0 and dampening 0, got ${momentum} and ${dampening}`,
      );
    }
  }

  protected update(
    p: Parameter,
    g: Tensor,
    state: ParamState,
    h: SGDHyperparameters,
    scalar: StepScalars,
  ): void {
    const value = p.value;
    let d = h.weightDecay === 0 ? g : add(g, mul(value, h.weightDecay));
    if (h.momentum !== 0) {
      const previous = state.slots.get('momentum_buffer');
      // a new handle, not the gradient itself: zeroGrad disposes that one
      const buffer = previous ? add(mul(previous, h.momentum), mul(d, 1 - h.dampening)) : d.detach();
      this.setSlot(state, 'momentum_buffer', buffer);
      d = h.nesterov ? add(d, mul(buffer, h.momentum)) : buffer;
    }
    p.assign(sub(value, mul(d, scalar.of(h.lr, value))));
    state.step += 1;
  }
}
