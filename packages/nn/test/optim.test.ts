/**
 * Optimiser steps against the PyTorch update rules written out in plain JS
 * (float64 parameters, so the comparison is to ~1e-12).
 */
import { mul, scope, sum, type Tensor, tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import {
  AdamW,
  clipGradNorm,
  LayerNorm,
  Linear,
  OptimizerStateError,
  Parameter,
  Sequential,
  SGD,
  warmupCosine,
  weightDecayGroups,
} from '../src/index.js';

const f64 = { dtype: 'float64' } as const;
const COEFFS = [1, -2, 0.5];
const START = [0.5, -1, 2];

/** Loss sum(c * p^2) / 2, whose gradient is c * p. */
function backwardQuadratic(params: Parameter[]): void {
  scope(() => {
    const c = tensor(COEFFS, undefined, f64);
    params
      .map((p) => sum(mul(mul(c, p.value), p.value)).mul(0.5))
      .reduce((a, b) => a.add(b))
      .backward();
  });
}

function expectClose(got: Tensor, want: number[]): void {
  Array.from(got.dataSync()).forEach((v, i) => {
    expect(v).toBeCloseTo(want[i]!, 12);
  });
}

describe('AdamW', () => {
  it('matches the PyTorch AdamW formulas for 5 steps', () => {
    const [lr, b1, b2, eps, wd] = [0.1, 0.9, 0.99, 1e-8, 0.1];
    const p = new Parameter(tensor(START, undefined, f64));
    const opt = new AdamW([p], { lr, betas: [b1, b2], eps, weightDecay: wd });
    const want = [...START];
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    for (let t = 1; t <= 5; t++) {
      backwardQuadratic([p]);
      opt.step();
      opt.zeroGrad();
      for (let i = 0; i < 3; i++) {
        const g = COEFFS[i]! * want[i]!;
        want[i]! *= 1 - lr * wd;
        m[i] = b1 * m[i]! + (1 - b1) * g;
        v[i] = b2 * v[i]! + (1 - b2) * g * g;
        const denom = Math.sqrt(v[i]!) / Math.sqrt(1 - b2 ** t) + eps;
        want[i]! -= (lr / (1 - b1 ** t)) * (m[i]! / denom);
      }
      expectClose(p.value, want);
    }
    const state = opt.state();
    expectClose(state.tensors['0.exp_avg']!, m);
    expectClose(state.tensors['0.exp_avg_sq']!, v);
    expect(state.steps).toEqual([5]);
  });

  it('skips parameters without a gradient (their step count does not advance)', () => {
    const a = new Parameter(tensor(START, undefined, f64));
    const b = new Parameter(tensor(START, undefined, f64));
    const opt = new AdamW([a, b], { lr: 0.1 });
    backwardQuadratic([a]);
    opt.step();
    expect(opt.state().steps).toEqual([1, 0]);
    expect(Array.from(b.value.dataSync())).toEqual(START);
  });

  it('validates hyperparameters', () => {
    const p = new Parameter(tensor([1]));
    expect(() => new AdamW([p], { betas: [0.9, 1] })).toThrow(/AdamW: betas must be in \[0, 1\)/);
    expect(() => new AdamW([p], { lr: -1 })).toThrow(/AdamW: lr must be >= 0/);
    expect(() => new AdamW([{ params: [p] }, { params: [p] }])).toThrow(/appears twice/);
  });
});

describe('SGD', () => {
  function run(options: ConstructorParameters<typeof SGD>[1], steps: number) {
    const p = new Parameter(tensor(START, undefined, f64));
    const opt = new SGD([p], options);
    const history: Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      backwardQuadratic([p]);
      opt.step();
      opt.zeroGrad();
      history.push(p.value.detach());
    }
    return history;
  }

  function expected(
    o: { lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean },
    steps: number,
  ) {
    const p = [...START];
    const buf: (number | undefined)[] = [undefined, undefined, undefined];
    const out: number[][] = [];
    for (let t = 0; t < steps; t++) {
      for (let i = 0; i < 3; i++) {
        let d = COEFFS[i]! * p[i]! + o.weightDecay * p[i]!;
        if (o.momentum !== 0) {
          buf[i] = buf[i] === undefined ? d : o.momentum * buf[i]! + (1 - o.dampening) * d;
          d = o.nesterov ? d + o.momentum * buf[i]! : buf[i]!;
        }
        p[i]! -= o.lr * d;
      }
      out.push([...p]);
    }
    return out;
  }

  it.each([
    ['plain', { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false }],
    [
      'momentum, dampening, weight decay',
      { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01, nesterov: false },
    ],
    ['Nesterov', { lr: 0.05, momentum: 0.8, dampening: 0, weightDecay: 0.02, nesterov: true }],
  ])('matches the PyTorch SGD formulas for 4 steps: %s', (_name, o) => {
    const got = run(o, 4);
    expected(o, 4).forEach((want, t) => {
      expectClose(got[t]!, want);
    });
  });

  it('rejects Nesterov without momentum', () => {
    expect(() => new SGD([new Parameter(tensor([1]))], { nesterov: true })).toThrow(
      /Nesterov momentum needs momentum > 0/,
    );
  });
});

describe('parameter groups and learning rate', () => {
  it('weightDecayGroups puts biases and norm parameters in a group without decay', () => {
    const net = new Sequential(new Linear(3, 4), new LayerNorm(4), new Linear(4, 2));
    const [decay, noDecay] = weightDecayGroups(net, 0.05);
    expect(decay.params).toEqual([net.namedParameters()[0]![1], net.namedParameters()[4]![1]]);
    expect(decay.weightDecay).toBe(0.05);
    expect(noDecay.params).toHaveLength(4);
    expect(noDecay.weightDecay).toBe(0);
  });

  it('groups keep their own lr and weight decay; setLr scales each group', () => {
    const a = new Parameter(tensor([1], undefined, f64));
    const b = new Parameter(tensor([1], undefined, f64));
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.5, weightDecay: 0.1 }], { lr: 0.1 });
    expect(opt.groups.map((g) => [g.hyper.lr, g.hyper.weightDecay, g.lrScale])).toEqual([
      [0.1, 0, 1],
      [0.5, 0.1, 5],
    ]);
    opt.setLr(0.01);
    expect(opt.groups.map((g) => g.hyper.lr)).toEqual([0.01, 0.05]);
    a.grad = tensor([1], undefined, f64);
    b.grad = tensor([1], undefined, f64);
    opt.step();
    expect(a.value.dataSync()[0]).toBeCloseTo(1 - 0.01, 12);
    expect(b.value.dataSync()[0]).toBeCloseTo(1 - 0.05 * 1.1, 12);
  });
});

describe('clipGradNorm', () => {
  it('scales gradients to the max global norm and returns the norm before clipping', () => {
    const a = new Parameter(tensor([0, 0], undefined, f64));
    const b = new Parameter(tensor([0], undefined, f64));
    a.grad = tensor([3, 0], undefined, f64);
    b.grad = tensor([4], undefined, f64);
    const norm = clipGradNorm([a, b], 1);
    expect(norm.dataSync()[0]).toBeCloseTo(5, 12);
    const coefficient = 1 / (5 + 1e-6); // PyTorch's max_norm / (norm + 1e-6)
    expectClose(a.grad!, [3 * coefficient, 0]);
    expectClose(b.grad!, [4 * coefficient]);
  });

  it('leaves small gradients alone', () => {
    const a = new Parameter(tensor([0], undefined, f64));
    a.grad = tensor([0.5], undefined, f64);
    clipGradNorm([a], 1);
    expectClose(a.grad!, [0.5]);
  });
});

describe('warmupCosine', () => {
  it('warms up linearly, then follows half a cosine to the final lr', () => {
    const lr = warmupCosine({ peakLr: 1, warmupSteps: 10, totalSteps: 110, finalLr: 0.1, startLr: 0 });
    expect(lr(0)).toBe(0);
    expect(lr(5)).toBeCloseTo(0.5, 12);
    expect(lr(10)).toBeCloseTo(1, 12);
    expect(lr(60)).toBeCloseTo(0.55, 12);
    expect(lr(110)).toBeCloseTo(0.1, 12);
    expect(lr(500)).toBeCloseTo(0.1, 12);
    expect(() => warmupCosine({ peakLr: 1, warmupSteps: 5, totalSteps: 3 })).toThrow(
      /warmupSteps <= totalSteps/,
    );
  });
});

describe('state() / loadState()', () => {
  it('resumes exactly where the saved optimiser was', () => {
    const make = () => new Parameter(tensor(START, undefined, f64));
    const p = make();
    const opt = new AdamW([p], { lr: 0.05 });
    for (let i = 0; i < 3; i++) {
      backwardQuadratic([p]);
      opt.step();
      opt.zeroGrad();
    }
    const q = make();
    q.assign(p.value.detach());
    const resumed = new AdamW([q], { lr: 0.5 });
    // everything but the tensors survives JSON (that is how checkpoints store it)
    const { tensors, ...meta } = opt.state();
    resumed.loadState({ ...(JSON.parse(JSON.stringify(meta)) as typeof meta), tensors });
    expect(resumed.lr).toBe(0.05);
    for (const [param, o] of [
      [p, opt],
      [q, resumed],
    ] as const) {
      backwardQuadratic([param]);
      o.step();
    }
    expect(Array.from(q.value.dataSync())).toEqual(Array.from(p.value.dataSync()));
  });

  it('rejects a state of another optimiser or shape', () => {
    const p = new Parameter(tensor([1, 2]));
    const sgd = new SGD([p], { momentum: 0.9 });
    p.grad = tensor([1, 1]);
    sgd.step();
    expect(() => new AdamW([p]).loadState(sgd.state())).toThrow(OptimizerStateError);
    const other = new SGD([new Parameter(tensor([1, 2, 3]))], { momentum: 0.9 });
    expect(() => other.loadState(sgd.state())).toThrow(
      /state tensor '0.momentum_buffer' has shape \[2\], parameter 0 has \[3\]/,
    );
  });
});
