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
      return [T.ecf(z, uniform), T.ecf(T.transpose(m.randn([13, 37])), points), T.ecfBackward(z, uniform, g)];
    }, TOL);
  });
});
