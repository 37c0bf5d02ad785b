/**
 * Finite-difference check of a module in float64: d(sum(module(x) * W))/d(input)
 * and /d(every parameter), against `loss.backward()`.
 */
import {
  key,
  mul,
  noGrad,
  normalDoubles,
  type Shape,
  scope,
  sizeOf,
  sum,
  type Tensor,
  tensor,
} from '@isotropic/tensor';
import { expect } from 'vitest';
import type { Module } from '../src/index.js';

const F64 = { dtype: 'float64' } as const;

export interface ModuleGradCheckOptions {
  readonly eps?: number;
  readonly rtol?: number;
  readonly atol?: number;
}

function close(label: string, got: Float64Array, want: Float64Array, rtol: number, atol: number): void {
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i]! - want[i]!) <= atol + rtol * Math.abs(want[i]!))) {
      expect.fail(`${label}: element ${i}: analytic ${got[i]} vs numeric ${want[i]}`);
    }
  }
}

export function checkModuleGrads(
  module: Module,
  inputShape: Shape,
  options: ModuleGradCheckOptions = {},
): void {
  const { eps = 1e-6, rtol = 1e-5, atol = 1e-8 } = options;
  const x0 = normalDoubles(key(11), sizeOf(inputShape));
  const params = module.namedParameters();
  const loss = (x: Tensor): Tensor => {
    const y = module.call(x);
    return sum(mul(y, tensor(normalDoubles(key(12), y.size), y.shape, F64)));
  };
  const lossAt = (x: Float64Array): number =>
    scope(() => noGrad(() => loss(tensor(x, inputShape, F64)).dataSync()[0]!));

  // analytic, through the tape
  const analytic = scope(() => {
    const x = tensor(x0, inputShape, F64);
    x.requiresGrad = true;
    loss(x).backward();
    const grads = [x.grad!, ...params.map(([, p]) => p.grad!)].map((g) => Float64Array.from(g.dataSync()));
    x.grad!.dispose();
    module.zeroGrad();
    return grads;
  });

  // numeric, input
  const dx = new Float64Array(x0.length);
  for (let i = 0; i < x0.length; i++) {
    const v = x0[i]!;
    x0[i] = v + eps;
    const plus = lossAt(x0);
    x0[i] = v - eps;
    const minus = lossAt(x0);
    x0[i] = v;
    dx[i] = (plus - minus) / (2 * eps);
  }
  close('input', analytic[0]!, dx, rtol, atol);

  // numeric, each parameter (perturbed through assign, restored after)
  params.forEach(([name, p], k) => {
    const original = Float64Array.from(p.value.dataSync());
    const values = Float64Array.from(original);
    const dp = new Float64Array(values.length);
    const at = (v: Float64Array) => {
      p.assign(tensor(v, p.shape, F64));
      return lossAt(x0);
    };
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      values[i] = v + eps;
      const plus = at(values);
      values[i] = v - eps;
      const minus = at(values);
      values[i] = v;
      dp[i] = (plus - minus) / (2 * eps);
    }
    p.assign(tensor(original, p.shape, F64));
    close(`parameter ${name}`, analytic[k + 1]!, dp, rtol, atol);
  });
}
