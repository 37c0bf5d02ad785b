import { cos, div, exp, mul, neg, sign, sin, square, sub } from '@isotropic/tensor';
import type { Cotangents, VjpContext } from './types.js';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * d/dx of each unary op, written with the output y where that is cheaper.
 * sign, floor and not are piecewise constant: no gradient (treated as zero).
 * abs at 0 takes sign(0) = 0, as PyTorch and JAX do.
 */
export function unaryVjp({ primitive, inputs: [x], output: y, g }: VjpContext<'unary'>): Cotangents {
  const input = x!;
  switch (primitive.op) {
    case 'copy':
      return [g];
    case 'neg':
      return [neg(g)];
    case 'abs':
      return [mul(g, sign(input))];
    case 'exp':
      return [mul(g, y)];
    case 'log':
      return [div(g, input)];
    case 'sqrt':
      return [div(mul(g, 0.5), y)];
    case 'recip':
      return [neg(mul(g, square(y)))];
    case 'sin':
      return [mul(g, cos(input))];
    case 'cos':
      return [neg(mul(g, sin(input)))];
    case 'tanh':
      return [mul(g, sub(1, square(y)))];
    case 'erf':
      return [mul(g, mul(exp(neg(square(input))), TWO_OVER_SQRT_PI))];
    case 'sign':
    case 'floor':
    case 'not':
      return [undefined];
  }
}
