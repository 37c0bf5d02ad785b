import { mul, ShapeError, sum, type Tensor, tensor, ValueError } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { GradError } from '../src/errors.js';
import { customGrad, defineOp, grad } from '../src/index.js';

const f64 = { dtype: 'float64' } as const;
const vec = (...v: number[]) => tensor(v, undefined, f64);
const values = (t: Tensor) => Array.from(t.dataSync());

describe('defineOp / customGrad', () => {
  it('uses the op backward, not the forward composition', () => {
    let forwardCalls = 0;
    // value x, but a "straight-through" gradient scaled by 10, to prove whose rule runs
    const scaledIdentity = defineOp({
      name: 'scaledIdentity',
      forward: (x: Tensor) => {
        forwardCalls++;
        return mul(x, 1);
      },
      backward: (g) => [mul(g, 10)],
    });
    const g = grad((x: Tensor) => sum(scaledIdentity(x)))(vec(1, 2));
    expect(values(g)).toEqual([10, 10]);
    expect(forwardCalls).toBe(1);
  });

  it('hands saved values from forward to backward', () => {
    const square = defineOp({
      name: 'square',
      forward: (x: Tensor) => ({ output: mul(x, x), saved: { twice: mul(x, 2) } }),
      backward: (g, { saved }) => [mul(g, saved.twice)],
    });
    expect(values(grad((x: Tensor) => sum(square(x)))(vec(3, -1)))).toEqual([6, -2]);
  });

  it('customGrad takes positional arguments and gives no gradient where backward returns null', () => {
    const scale = customGrad(
      'scale',
      (x: Tensor, s: Tensor) => mul(x, s),
      (g, { inputs: [, s] }) => [mul(g, s), null],
    );
    const [gx, gs] = grad((x: Tensor, s: Tensor) => sum(scale(x, s)), { argnums: [0, 1] })(vec(1, 2), vec(3));
    expect(values(gx)).toEqual([3, 3]);
    expect(values(gs)).toEqual([0]);
  });

  it('never disposes a tensor that backward returns as is', () => {
    const kept = vec(5, 5);
    const op = defineOp({ name: 'constGrad', forward: (x: Tensor) => mul(x, 1), backward: () => [kept] });
    const g = grad((x: Tensor) => sum(op(x)))(vec(1, 2));
    expect(values(g)).toEqual([5, 5]);
    expect(kept.isDisposed).toBe(false);
  });

  it('records nothing when no input requires grad', () => {
    const op = defineOp({ name: 'plain', forward: (x: Tensor) => mul(x, 2), backward: (g) => [g] });
    const y = op(vec(1));
    expect(y.requiresGrad).toBe(false);
    expect(y._node).toBeUndefined();
  });

  it('is differentiable twice when its backward is made of ops', () => {
    const cube = defineOp({
      name: 'cube',
      forward: (x: Tensor) => mul(mul(x, x), x),
      backward: (g, { inputs: [x] }) => [mul(g, mul(mul(x, x), 3))],
    });
    const d2 = grad((x: Tensor) => sum(grad((y: Tensor) => sum(cube(y)))(x)))(vec(1, 2));
    expect(values(d2)).toEqual([6, 12]);
  });

  it('errors name the op: wrong count, wrong shape', () => {
    const tooFew = defineOp({
      name: 'tooFew',
      forward: (a: Tensor, b: Tensor) => mul(a, b),
      backward: (g) => [g],
    });
    expect(() => grad((a: Tensor) => sum(tooFew(a, a)))(vec(1))).toThrow(ValueError);
    expect(() => grad((a: Tensor) => sum(tooFew(a, a)))(vec(1))).toThrow(
      /custom op 'tooFew'.*expected 2, got 1/,
    );
    const badShape = defineOp({
      name: 'badShape',
      forward: (a: Tensor) => mul(a, 1),
      backward: () => [vec(1, 2, 3)],
    });
    expect(() => grad((a: Tensor) => sum(badShape(a)))(vec(1, 2))).toThrow(GradError);
    expect(() => grad((a: Tensor) => sum(badShape(a)))(vec(1, 2))).toThrow(
      /custom 'badShape' gave float64 \[3\] for input 0, which is float64 \[2\]/,
    );
    expect(ShapeError).toBeDefined();
  });
});
