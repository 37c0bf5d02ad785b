import {
  add,
  concat,
  DisposedError,
  exp,
  mul,
  ones,
  ShapeError,
  scope,
  sin,
  sum,
  type Tensor,
  tensor,
} from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { backward, detach, GradError, GraphFreedError, noGrad } from '../src/index.js';

const f64 = { dtype: 'float64' } as const;

function leaf(values: number[], shape?: number[]): Tensor {
  const t = tensor(values, shape, f64);
  t.requiresGrad = true;
  return t;
}

describe('loss.backward() fills .grad (PyTorch style)', () => {
  it('computes d(sum(x * x))/dx = 2x on the leaf, and nothing on intermediates', () => {
    const x = leaf([1, -2, 3]);
    const sq = mul(x, x);
    sum(sq).backward();
    expect(Array.from(x.grad!.dataSync())).toEqual([2, -4, 6]);
    expect(sq.grad).toBeUndefined();
  });

  it('accumulates over backward calls and disposes the replaced gradient', () => {
    const x = leaf([1, 2]);
    sum(mul(x, 3)).backward();
    const first = x.grad!;
    sum(mul(x, x)).backward();
    expect(Array.from(x.grad!.dataSync())).toEqual([5, 7]);
    expect(first.isDisposed).toBe(true);
  });

  it('takes an upstream gradient for a non-scalar tensor (a vector-Jacobian product)', () => {
    const x = leaf([1, 2, 3]);
    mul(x, x).backward(tensor([1, 0, -1], undefined, f64));
    expect(Array.from(x.grad!.dataSync())).toEqual([2, 0, -6]);
  });

  it('gives leaves their own contiguous storage even when the gradient is a view', () => {
    const a = leaf([1, 2]);
    const b = leaf([3, 4, 5]);
    sum(mul(concat([a, b]), tensor([1, 2, 3, 4, 5], undefined, f64))).backward();
    expect(a.grad!.isContiguous && b.grad!.isContiguous).toBe(true);
    expect(Array.from(b.grad!.dataSync())).toEqual([3, 4, 5]);
  });

  it('keeps .grad alive after the scope of the step ends', () => {
    const x = leaf([0.5, 1]);
    scope(() => {
      sum(exp(x)).backward();
    });
    expect(x.grad!.isDisposed).toBe(false);
    expect(Array.from(x.grad!.dataSync())).toEqual([Math.exp(0.5), Math.exp(1)]);
  });

  it('frees the graph after backward', () => {
    const x = leaf([1, 2]);
    const y = sin(x);
    const loss = sum(y);
    loss.backward();
    expect(loss._node).toBeUndefined();
    expect(y._node).toBeUndefined();
  });

  it('differentiates a graph twice with retainGraph', () => {
    const x = leaf([1, 2]);
    const loss = sum(mul(x, x));
    backward(loss, { retainGraph: true });
    backward(loss);
    expect(Array.from(x.grad!.dataSync())).toEqual([4, 8]);
  });

  it('records the gradient computation with createGraph (gradients of gradients)', () => {
    const x = leaf([1, 2]);
    backward(sum(mul(mul(x, x), x)), { createGraph: true });
    const dx = x.grad!; // 3x^2, itself differentiable
    x.grad = undefined;
    sum(dx).backward();
    expect(Array.from(dx.dataSync())).toEqual([3, 12]);
    expect(Array.from(x.grad!.dataSync())).toEqual([6, 12]);
  });
});

describe('stopping gradients', () => {
  it('noGrad records nothing', () => {
    const x = leaf([1, 2]);
    const y = noGrad(() => mul(x, x));
    expect(y.requiresGrad).toBe(false);
    expect(y._node).toBeUndefined();
  });

  it('detach cuts the graph: d(sum(x * detach(x)))/dx = x', () => {
    const x = leaf([1, -2]);
    sum(mul(x, detach(x))).backward();
    expect(Array.from(x.grad!.dataSync())).toEqual([1, -2]);
  });
});

describe('errors', () => {
  it('backward on a non-scalar without a gradient names the shape', () => {
    const x = leaf([1, 2, 3, 4], [2, 2]);
    expect(() => mul(x, 2).backward()).toThrow(ShapeError);
    expect(() => mul(x, 2).backward()).toThrow(/loss has shape \[2,2\].*single-element/);
  });

  it('a gradient of the wrong shape', () => {
    const x = leaf([1, 2, 3]);
    expect(() => mul(x, 2).backward(ones([2], f64))).toThrow(
      /gradient has shape \[2\] but the tensor has shape \[3\]/,
    );
  });

  it('a second backward through a freed graph', () => {
    const x = leaf([1, 2]);
    const loss = sum(mul(x, x));
    loss.backward();
    expect(() => loss.backward()).toThrow(GraphFreedError);
    expect(() => loss.backward()).toThrow(/already freed by an earlier backward\(\).*retainGraph/);
  });

  it('a second backward through a freed part of a graph', () => {
    const x = leaf([1, 2]);
    const shared = exp(x);
    sum(shared).backward();
    expect(() => sum(add(shared, 1)).backward()).toThrow(GraphFreedError);
  });

  it('a loss that does not require grad', () => {
    expect(() => sum(tensor([1, 2])).backward()).toThrow(GradError);
    expect(() => sum(tensor([1, 2])).backward()).toThrow(/does not require grad/);
  });

  it('an intermediate disposed before backward', () => {
    const x = leaf([1, 2]);
    const y = exp(x);
    const loss = sum(y);
    y.dispose();
    expect(() => loss.backward()).toThrow(DisposedError);
    expect(() => sum(exp(x)).backward()).not.toThrow();
  });

  it('an integer loss', () => {
    const x = leaf([1.5, 2.5]);
    expect(() => sum(x.cast('int32')).backward()).toThrow(/float/);
  });
});
