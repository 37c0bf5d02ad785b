import type { Tensor } from '@isotropic/tensor';
import * as T from '@isotropic/tensor';
import { it } from 'vitest';
import { createWebGPUBackend } from '../src/index.js';
import type { DeviceCaps } from '../src/runtime/device-caps.js';
import { describeWebGPU } from './gpu-backend.js';
import { expectParity, type Maker, strided } from './parity.js';

/** Seeded shapes, so the "random" cases are the same on every run. */
function shapes(seed: number) {
  let a = seed;
  const next = (n: number) => {
    a = (a * 48271) % 2147483647;
    return 1 + (a % n);
  };
  return next;
}

describeWebGPU('grids and random shapes', () => {
  it('dispatches beyond maxComputeWorkgroupsPerDimension fold into a 2-D grid (limit lowered to 4)', async () => {
    const small = await createWebGPUBackend();
    // A tiny limit makes every kernel below need the 2-D layout.
    (small.caps as { -readonly [K in keyof DeviceCaps]: DeviceCaps[K] }).maxWorkgroupsPerDim = 4;
    try {
      await expectParity(
        (m) => {
          // sizes chosen so each kernel needs 5 to 16 workgroups: more than one row of 4
          const x = m.randn([100, 100]);
          const w = m.randn([100, 150]);
          const im = m.randn([2, 3, 12, 12]);
          return [
            T.exp(T.add(x, 1)),
            T.sum(m.randn([640, 30]), 1),
            T.sum(T.reshape(m.randn([20000]), [1, 20000]), 1),
            T.argmax(x, 0),
            T.matmul(m.randn([200, 100]), w),
            T.conv2d(im, m.randn([4, 3, 3, 3]), null, { padding: 1 }),
            T.conv2d(im, m.randn([3, 1, 3, 3]), null, { groups: 3 }),
            T.maxPool2d(im, 2),
            T.gather(x, 1, m.randint([100, 30], 0, 100)),
            T.pad(T.slice(x, [[0, 30]]), [
              [1, 1],
              [2, 2],
            ]),
            T.concat([T.slice(x, [[0, 20]]), T.slice(x, [[50, 70]])], 0), // 4000 elements: 16 workgroups
          ];
        },
        { rtol: 1e-4, atol: 1e-4 },
        1234,
        small,
      );
    } finally {
      small.destroy();
    }
  });

  it('random shapes: broadcasting binary ops over strided views, reductions and matmuls', async () => {
    await expectParity(
      (m: Maker) => {
        const next = shapes(20240601); // the same shapes on both backends
        const outs: Tensor[] = [];
        for (let i = 0; i < 12; i++) {
          const rank = next(4);
          const shape = Array.from({ length: rank }, () => next(9));
          const other = shape.map((d) => (next(3) === 1 ? 1 : d)).slice(next(rank) - 1);
          const a = m.randn(shape);
          const b = m.randn(other);
          const y = T.mul(T.add(i % 2 ? strided(a) : a, b), T.sub(b, 0.5));
          outs.push(y, T.sum(y, next(rank) - 1), T.max(y));
          const [M, K, N] = [next(70), next(70), next(70)];
          outs.push(T.matmul(m.randn([M, K]), i % 3 ? m.randn([K, N]) : T.transpose(m.randn([N, K]))));
        }
        return outs;
      },
      { rtol: 1e-4, atol: 1e-4 },
    );
  });
});
