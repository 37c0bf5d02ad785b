import type { AnyModule } from '../module.js';
import type { Parameter } from '../parameter.js';

/** The usual rule: no weight decay for biases and other 1-D parameters (norm scales and shifts). */
export function isNoDecayParameter(name: string, p: Parameter): boolean {
  return p.shape.length <= 1 || name.endsWith('.bias');
}

/**
 * Two parameter groups, as timm's param_groups_weight_decay: trainable
 * parameters that decay (weights of Linear / Conv), and those that do not
 * (`noDecay`, default isNoDecayParameter). Frozen parameters are left out.
 */
export function weightDecayGroups(
  model: Pick<AnyModule, 'namedParameters'>,
  weightDecay: number,
  noDecay: (name: string, p: Parameter) => boolean = isNoDecayParameter,
): [{ params: Parameter[]; weightDecay: number }, { params: Parameter[]; weightDecay: number }] {
  const decay: Parameter[] = [];
  const skip: Parameter[] = [];
  for (const [name, p] of model.namedParameters()) {
    if (!p.requiresGrad) continue;
    (noDecay(name, p) ? skip : decay).push(p);
  }
  return [
    { params: decay, weightDecay },
    { params: skip, weightDecay: 0 },
  ];
}
