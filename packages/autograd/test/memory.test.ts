/**
 * Memory: a training step inside scope() leaves nothing behind, gradients are
 * released as soon as they are used, and .grad outlives the step's scope.
 */
import {
  add,
  matmul,
  mean,
  memory,
  mul,
  noGrad,
  randn,
  scope,
  sub,
  sum,
  type Tensor,
  tanh,
} from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { defineOp, grad } from '../src/index.js';

/** A parameter the way a hand-written loop keeps one: a kept tensor that requires grad. */
function parameter(shape: number[], seed: number): Tensor {
  const t = randn(shape, { seed }).keep();
  t.requiresGrad = true;
  return t;
}

describe('a training step inside scope() does not grow memory', () => {
  it('tape style: 200 steps of backward + SGD keep live tensors and storages flat', () => {
    const x = randn([16, 8], { seed: 1 }).keep();
    const y = randn([16, 1], { seed: 2 }).keep();
    let w1 = parameter([8, 16], 3);
    let w2 = parameter([16, 1], 4);
    const replace = (p: Tensor): Tensor => {
      const next = noGrad(() => sub(p, mul(p.grad!, 0.05))).keep();
      next.requiresGrad = true;
      p.grad!.dispose();
      p.dispose();
      return next;
    };
    const losses: number[] = [];
    let reference: ReturnType<typeof memory> | undefined;
    for (let step = 0; step < 200; step++) {
      scope(() => {
        const pred = matmul(tanh(matmul(x, w1)), w2);
        const loss = mean(mul(sub(pred, y), sub(pred, y)));
        loss.backward();
        losses.push(loss.dataSync()[0]!);
        w1 = replace(w1);
        w2 = replace(w2);
      });
      if (step === 10) reference = memory();
    }
    const now = memory();
    expect(now.liveTensors).toBe(reference!.liveTensors);
    expect(now.liveStorages).toBe(reference!.liveStorages);
    expect(losses[199]!).toBeLessThan(losses[0]! * 0.5);
  });

  it('functional style: 200 steps of valueAndGrad-driven updates stay flat', () => {
    const x = randn([8, 4], { seed: 5 }).keep();
    let w = randn([4, 1], { seed: 6 }).keep();
    const loss = (p: Tensor) => mean(mul(matmul(x, p), matmul(x, p)));
    let reference: ReturnType<typeof memory> | undefined;
    for (let step = 0; step < 200; step++) {
      const next = scope(() => sub(w, mul(grad(loss)(w), 0.1)));
      w.dispose();
      w = next;
      if (step === 10) reference = memory();
    }
    expect(memory().liveTensors).toBe(reference!.liveTensors);
    expect(memory().liveStorages).toBe(reference!.liveStorages);
  });
});

describe('gradient memory is released as soon as it is used', () => {
  /** Live storages at the moment the gradient reaches the bottom of a chain of `depth` ops. */
  function storagesAtBottom(depth: number): number {
    let seen = -1;
    const probe = defineOp({
      name: 'probe',
      forward: (t: Tensor) => mul(t, 1),
      backward: (g) => {
        seen = memory().liveStorages;
        return [g];
      },
    });
    scope(() => {
      const x = randn([32], { seed: 7 });
      x.requiresGrad = true;
      let h = probe(x);
      for (let i = 0; i < depth; i++) h = tanh(add(h, 0.1));
      sum(h).backward();
      x.grad!.dispose(); // .grad is kept beyond scopes by design
    });
    return seen;
  }

  it('the cotangents of a deep chain are not all alive at once', () => {
    // each extra layer keeps its forward outputs (2 storages: add, tanh) until the scope
    // ends; if cotangents were retained, each would keep (at least) one more
    storagesAtBottom(1); // warm the scalar-constant cache
    const before = memory().liveStorages;
    const shallow = storagesAtBottom(10);
    const deep = storagesAtBottom(50);
    expect(deep - shallow).toBe(2 * 40);
    expect(memory().liveStorages).toBe(before);
  });
});
