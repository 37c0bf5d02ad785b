import * as T from '@isotropic/tensor';
import { it } from 'vitest';
import { describeWebGPU } from './gpu-backend.js';
import { expectParity } from './parity.js';

const TOL = { rtol: 1e-4, atol: 1e-5 };

describeWebGPU('fused ecf kernels match the CPU backend', () => {
  it('ecf and its backward on odd sizes, with a uniform and a non-uniform grid of points', async () => {
    await expectParity((m) => {
      const z = m.randn([37, 13]);
      const uniform = T.linspace(0, 3, 9, { backend: m.backend });
      const points = m.uniform([5], -2, 2);
      const g = m.randn([2, 9, 13]);
      return [
        T.ecf(z, uniform),
        T.ecf(T.transpose(m.randn([13, 37])), points),
        T.ecfBackward(z, uniform, g),
        T.ecfBackward(z, points, m.randn([2, 5, 13])),
      ];
    }, TOL);
  });

  it('tall z (rows split into chunks) and more knots than one invocation holds (blocks)', async () => {
    await expectParity((m) => {
      const tall = m.randn([2003, 5]);
      const wide = m.randn([40, 70]);
      const knots40 = T.linspace(0, 3, 40, { backend: m.backend });
      const knots17 = T.linspace(0, 3, 17, { backend: m.backend });
      const knots2 = T.linspace(0, 3, 2, { backend: m.backend });
      return [
        T.ecf(tall, knots17),
        T.ecf(tall, knots40),
        T.ecf(wide, knots40),
        T.ecf(wide, knots2),
        T.ecfBackward(tall, knots40, m.randn([2, 40, 5])),
        T.ecfBackward(wide, knots2, m.randn([2, 2, 70])),
      ];
    }, TOL);
  });

  it('arguments far outside [-pi, pi] (the kernels reduce them themselves)', async () => {
    await expectParity((m) => {
      const z = T.mul(m.randn([300, 24]), 40);
      const knots = T.linspace(0, 3, 17, { backend: m.backend });
      const points = m.uniform([6], -3, 3);
      return [
        T.ecf(z, knots),
        T.ecf(z, points),
        T.ecfBackward(z, knots, m.randn([2, 17, 24])),
        T.ecfBackward(z, points, m.randn([2, 6, 24])),
      ];
    }, TOL);
  });
});
