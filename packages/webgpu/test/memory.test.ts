import type { Tensor } from '@isotropic/tensor';
import * as T from '@isotropic/tensor';
import { expect, it } from 'vitest';
import { backend, describeWebGPU } from './gpu-backend.js';

/** One training-like step touching most kernels; everything it makes is scope-owned. */
function step(x: Tensor, w: Tensor, idx: Tensor, i: number): Tensor {
  const h = T.relu(T.add(T.matmul(x, w), 0.1));
  const p = T.softmax(h, -1);
  const n = T.layerNorm(h, [16]);
  const g = T.gather(n, 1, idx);
  const c = T.concat(
    [
      g,
      T.pad(g, [
        [0, 0],
        [0, 1],
      ]),
    ],
    1,
  );
  const im = T.reshape(h, [2, 2, 4, 4]);
  const conv = T.conv2d(im, T.ones([3, 2, 3, 3], { backend: x.backend }), null, { padding: 1 });
  const pooled = T.maxPool2d(conv, 2);
  const m = T.where(T.gt(p, 0.05), p, 0);
  return T.add(T.add(T.sum(m), T.mean(c)), T.add(T.max(pooled), i % 7));
}

describeWebGPU('memory', () => {
  it('1,000 mixed-op steps inside scope() end with the live-storage count they started with', async () => {
    const gpu = backend();
    await T.scope(async () => {
      const x = T.randn([4, 8], { backend: gpu }).keep();
      const w = T.randn([8, 16], { backend: gpu }).keep();
      const idx = T.tensor(Int32Array.from([0, 3, 5, 15, 1, 2, 3, 4]), [4, 2], { backend: gpu }).keep();
      // warm-up: scalar constants (0.1, 0.05, i % 7, ...) are cached per backend for good
      for (let i = 0; i < 7; i++) await T.scope(() => step(x, w, idx, i).data());
      const before = gpu.memory().liveStorages;
      for (let i = 0; i < 1000; i++) {
        const loss = T.scope(() => step(x, w, idx, i));
        // read back now and then, as a training loop logs its loss
        if (i % 100 === 0) await loss.data();
        loss.dispose();
      }
      await gpu.sync();
      const after = gpu.memory();
      expect(after.liveStorages).toBe(before);
      // buffers were recycled, not piled up
      expect(after.pooledStorages).toBeLessThan(200);
      for (const t of [x, w, idx]) t.dispose();
    });
  });

  it('a buffer released while queued work still reads it is not reused for an upload', async () => {
    const gpu = backend();
    const x = T.tensor([1, 2, 3, 4], [4], { backend: gpu });
    const y = T.mul(x, 2); // queued, reads x's buffer
    x.dispose(); // x's buffer goes back to the pool during the same batch
    const z = T.tensor([9, 9, 9, 9], [4], { backend: gpu }); // writeBuffer runs before the queued mul
    expect(Array.from(await y.data())).toEqual([2, 4, 6, 8]);
    expect(Array.from(await z.data())).toEqual([9, 9, 9, 9]);
    y.dispose();
    z.dispose();
  });

  it('memory() reports live and pooled storages separately', async () => {
    const gpu = backend();
    const m0 = gpu.memory();
    const t = T.tensor(new Float32Array(1000), [1000], { backend: gpu });
    expect(gpu.memory().liveStorages).toBe(m0.liveStorages + 1);
    expect(gpu.memory().liveBytes).toBe(m0.liveBytes + 4000);
    t.dispose();
    expect(gpu.memory().liveStorages).toBe(m0.liveStorages);
    expect(gpu.memory().pooledStorages).toBeGreaterThanOrEqual(1);
  });
});
