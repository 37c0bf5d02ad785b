import { ValueError } from '@isotropic/tensor';
import type { Cotangents, VjpContext } from './types.js';

/**
 * A custom node carries its own rule (recorded by defineOp, or by a fused op
 * of the tensor layer such as ecf): `vjp(g, inputs, output)` gives one cotangent
 * per input, null where there is none.
 */
export function customVjp({ primitive: { name, vjp }, inputs, output, g }: VjpContext<'custom'>): Cotangents {
  if (typeof vjp !== 'function') {
    throw new ValueError(`custom op '${name}': its graph node has no gradient function`);
  }
  const grads: unknown = vjp(g, inputs, output);
  if (!Array.isArray(grads) || grads.length !== inputs.length) {
    throw new ValueError(
      `custom op '${name}': backward must return one gradient (or null) per input: expected ${inputs.length}, ` +
        `got ${Array.isArray(grads) ? grads.length : typeof grads}`,
    );
  }
  return (grads as Cotangents).map((c) => c ?? undefined);
}
