import { add, cast, div, eq, gt, log, lt, mul, neg, pow, sub, type Tensor, where } from '@isotropic/tensor';
import { sumToShape } from './sum-to-shape.js';
import type { Cotangents, VjpContext } from './types.js';

/**
 * Share of the gradient that goes to `a` in max(a, b) / min(a, b): 1 where a
 * wins, 0 where b wins, and 1/2 on ties, so that ties split the gradient evenly
 * (as torch.maximum and jnp.maximum do). relu = maximum(x, 0) therefore has
 * gradient 1/2 at exactly 0.
 */
function winnerShare(op: 'max' | 'min', a: Tensor, b: Tensor): Tensor {
  const wins = cast(op === 'max' ? gt(a, b) : lt(a, b), a.dtype);
  const ties = cast(eq(a, b), a.dtype);
  return add(wins, mul(ties, 0.5));
}

/**
 * A cotangent at the broadcast output shape, before reducing to its input; `negated`
 * asks for the negation after the reduction instead (exact either way, since negation
 * commutes with rounding), so a broadcast operand such as BatchNorm's mean negates its
 * own few values rather than the whole activation.
 */
type Pending = Tensor | { readonly negated: Tensor } | undefined;

/** Cotangents of a binary op at the broadcast output shape, before reducing to each input. */
function broadcastCotangents({ primitive, inputs, output: y, g, needs }: VjpContext<'binary'>): Pending[] {
  const [a, b] = inputs as [Tensor, Tensor];
  switch (primitive.op) {
    case 'add':
      return [g, g];
    case 'sub':
      return [g, needs[1] ? { negated: g } : undefined];
    case 'mul':
      return [needs[0] ? mul(g, b) : undefined, needs[1] ? mul(g, a) : undefined];
    case 'div':
      return [needs[0] ? div(g, b) : undefined, needs[1] ? { negated: div(mul(g, y), b) } : undefined];
    case 'pow':
      // d/da a^b = b a^(b-1) (0 where b = 0, avoiding 0 * inf); d/db a^b = a^b log a (0 where a = 0)
      return [
        needs[0] ? mul(g, where(eq(b, 0), 0, mul(b, pow(a, sub(b, 1))))) : undefined,
        needs[1] ? mul(g, where(eq(a, 0), 0, mul(y, log(a)))) : undefined,
      ];
    case 'max':
    case 'min': {
      const share = winnerShare(primitive.op, a, b);
      return [needs[0] ? mul(g, share) : undefined, needs[1] ? mul(g, sub(1, share)) : undefined];
    }
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
    case 'eq':
    case 'ne':
      // comparisons are piecewise constant (and give bool): no gradient
      return [undefined, undefined];
  }
}

export function binaryVjp(ctx: VjpContext<'binary'>): Cotangents {
  return broadcastCotangents(ctx).map((c, i) => {
    if (!c || !ctx.needs[i]) return undefined;
    const shape = ctx.inputs[i]!.shape;
    return 'negated' in c ? neg(sumToShape(c.negated, shape)) : sumToShape(c, shape);
  });
}
