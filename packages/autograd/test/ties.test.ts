/**
 * Where a derivative is not defined, these are the conventions (see README):
 * binary maximum/minimum split ties evenly; max/min reductions split evenly
 * among all tied extremes; max pooling routes to the first maximum of a window
 * (row-major); abs and sign give 0 at 0.
 */
import {
  abs,
  max,
  maximum,
  maxPool2d,
  min,
  minimum,
  relu,
  sum,
  type Tensor,
  tensor,
} from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { grad } from '../src/index.js';

const f64 = { dtype: 'float64' } as const;
const values = (t: Tensor) => Array.from(t.dataSync());

describe('tie rules', () => {
  it('maximum / minimum split ties evenly', () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => sum(maximum(a, b)), { argnums: [0, 1] })(
      tensor([1, 2, 3], undefined, f64),
      tensor([1, 5, 0], undefined, f64),
    );
    expect(values(ga)).toEqual([0.5, 0, 1]);
    expect(values(gb)).toEqual([0.5, 1, 0]);
    const [ma, mb] = grad((a: Tensor, b: Tensor) => sum(minimum(a, b)), { argnums: [0, 1] })(
      tensor([2, 2], undefined, f64),
      tensor([2, 1], undefined, f64),
    );
    expect(values(ma)).toEqual([0.5, 0]);
    expect(values(mb)).toEqual([0.5, 1]);
  });

  it('relu = maximum(x, 0) has gradient 1/2 at exactly 0', () => {
    expect(values(grad((x: Tensor) => sum(relu(x)))(tensor([-1, 0, 2], undefined, f64)))).toEqual([
      0, 0.5, 1,
    ]);
  });

  it('max / min reductions split evenly among tied extremes', () => {
    expect(values(grad((x: Tensor) => max(x))(tensor([1, 3, 3, 2], undefined, f64)))).toEqual([
      0, 0.5, 0.5, 0,
    ]);
    const g = grad((x: Tensor) => sum(min(x, 1)))(
      tensor(
        [
          [0, 0, 0],
          [1, 2, 1],
        ],
        undefined,
        f64,
      ),
    );
    expect(g.arraySync()).toEqual([
      [1 / 3, 1 / 3, 1 / 3],
      [0.5, 0, 0.5],
    ]);
  });

  it('max pooling routes to the first maximum of each window', () => {
    const x = tensor(
      [
        [
          [
            [1, 4, 4, 0],
            [4, 2, 3, 3],
          ],
        ],
      ],
      undefined,
      f64,
    );
    const g = grad((t: Tensor) => sum(maxPool2d(t, 2)))(x);
    expect(g.arraySync()).toEqual([
      [
        [
          [0, 1, 1, 0],
          [0, 0, 0, 0],
        ],
      ],
    ]);
  });

  it('abs has gradient 0 at 0', () => {
    expect(values(grad((x: Tensor) => sum(abs(x)))(tensor([-2, 0, 2], undefined, f64)))).toEqual([-1, 0, 1]);
  });
});
