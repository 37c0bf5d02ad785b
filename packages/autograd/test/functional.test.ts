import {
  DTypeError,
  matmul,
  mul,
  noGrad,
  ShapeError,
  sin,
  sum,
  type Tensor,
  tensor,
  ValueError,
} from '@isotropic/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { GradError, grad, valueAndGrad } from '../src/index.js';

const f64 = { dtype: 'float64' } as const;
const vec = (...v: number[]) => tensor(v, undefined, f64);
const values = (t: Tensor) => Array.from(t.dataSync());

describe('grad and valueAndGrad (JAX style)', () => {
  const cube = (x: Tensor) => sum(mul(mul(x, x), x));

  it('differentiates argument 0 and leaves the caller tensor untouched', () => {
    const x = vec(1, 2);
    const g = grad(cube)(x);
    expect(values(g)).toEqual([3, 12]);
    expect(x.requiresGrad).toBe(false);
    expect(x.grad).toBeUndefined();
  });

  it('returns the value as a plain tensor', () => {
    const [value, g] = valueAndGrad(cube)(vec(1, 2));
    expect(values(value)).toEqual([9]);
    expect(value.requiresGrad).toBe(false);
    expect(values(g)).toEqual([3, 12]);
  });

  it('selects arguments with argnums and passes the others through', () => {
    const f = (scale: number, x: Tensor, y: Tensor) => sum(mul(mul(x, y), scale));
    const gy = grad(f, { argnums: 2 })(2, vec(1, 2), vec(3, 4));
    expect(values(gy)).toEqual([2, 4]);
    const [gx, gy2] = grad(f, { argnums: [1, 2] })(2, vec(1, 2), vec(3, 4));
    expect(values(gx)).toEqual([6, 8]);
    expect(values(gy2)).toEqual([2, 4]);
  });

  it('differentiates pytrees: the gradient has the structure of the argument', () => {
    const params = {
      w: tensor(
        [
          [1, 2],
          [3, 4],
        ],
        undefined,
        f64,
      ),
      layers: [vec(1, -1), vec(0.5)],
    };
    const f = (p: typeof params, x: Tensor) =>
      sum(mul(matmul(x, p.w), p.layers[0]!)).add(sum(mul(p.layers[1]!, p.layers[1]!)));
    const g = grad(f)(params, vec(1, 2));
    expectTypeOf(g).toEqualTypeOf<typeof params>();
    expect(g.w.arraySync()).toEqual([
      [1, -1],
      [2, -2],
    ]);
    expect(values(g.layers[0]!)).toEqual([7, 10]);
    expect(values(g.layers[1]!)).toEqual([1]);
  });

  it('gives zeros for an input the function does not use', () => {
    const [gx, gy] = grad((x: Tensor, _y: Tensor) => sum(x), { argnums: [0, 1] })(vec(1), vec(1, 2));
    expect(values(gx)).toEqual([1]);
    expect(values(gy)).toEqual([0, 0]);
  });

  it('does not touch .grad of other tensors that require grad', () => {
    const w = vec(2, 3);
    w.requiresGrad = true;
    const g = grad((x: Tensor) => sum(mul(x, w)))(vec(1, 1));
    expect(values(g)).toEqual([2, 3]);
    expect(w.grad).toBeUndefined();
  });
});

describe('gradients of gradients', () => {
  it('grad(grad(f)) is the second derivative', () => {
    const f = (x: Tensor) => sum(mul(x, sin(x)));
    const df = (x: Tensor) => sum(grad(f)(x)); // sum of sin x + x cos x
    const x = vec(0.3, -1.2);
    const d2 = grad(df)(x);
    const want = [0.3, -1.2].map((v) => 2 * Math.cos(v) - v * Math.sin(v));
    values(d2).forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 12);
    });
  });

  it('a mixed partial through a closure: d/dx of d/dw sum(w * x^2) = 2x', () => {
    const inner = (x: Tensor) => sum(grad((w: Tensor) => sum(mul(w, mul(x, x))))(vec(1, 1)));
    expect(values(grad(inner)(vec(1.5, -2)))).toEqual([3, -4]);
  });
});

describe('errors', () => {
  it('a non-scalar output', () => {
    expect(() => grad((x: Tensor) => mul(x, 2))(vec(1, 2))).toThrow(ShapeError);
    expect(() => grad((x: Tensor) => mul(x, 2))(vec(1, 2))).toThrow(/single-element tensor, got shape \[2\]/);
  });
  it('an integer argument', () => {
    expect(() => grad((x: Tensor) => sum(x))(tensor([1, 2], undefined, { dtype: 'int32' }))).toThrow(
      DTypeError,
    );
  });
  it('a non-tensor inside a differentiated argument names its path', () => {
    const f = (p: { w: Tensor; lr: number }) => sum(p.w);
    expect(() => grad(f)({ w: vec(1), lr: 0.1 })).toThrow(ValueError);
    expect(() => grad(f)({ w: vec(1), lr: 0.1 })).toThrow(/argument 0\.lr is number/);
  });
  it('argnums out of range', () => {
    expect(() => grad((x: Tensor) => sum(x), { argnums: 1 })(vec(1))).toThrow(/argnums 1 is out of range/);
  });
  it('inside noGrad', () => {
    expect(() => noGrad(() => grad((x: Tensor) => sum(x))(vec(1)))).toThrow(GradError);
  });
});

describe('ownership', () => {
  it('grad() never disposes a tensor the function returns from outside', () => {
    const outside = vec(4);
    const g = grad((_x: Tensor) => outside)(vec(1));
    expect(values(g)).toEqual([0]);
    expect(outside.isDisposed).toBe(false);
  });
});
