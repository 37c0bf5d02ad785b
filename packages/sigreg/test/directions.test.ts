import { cpuBackend, manualSeed, randn } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { sampleDirections, sigreg } from '../src/index.js';
import { webgpuStatus, webgpuTarget } from './helpers/targets.js';

describe('sampleDirections', () => {
  it('gives unit columns of shape [K, M]', async () => {
    const [K, M] = [12, 40];
    const A = sampleDirections(K, M, 3, { dtype: 'float64' });
    expect(A.shape).toEqual([K, M]);
    const a = await A.data();
    for (let m = 0; m < M; m++) {
      let norm2 = 0;
      for (let k = 0; k < K; k++) norm2 += a[k * M + m]! ** 2;
      expect(norm2).toBeCloseTo(1, 12);
    }
  });

  it('looks uniform on the sphere: E a = 0, E a_k^2 = 1/K', async () => {
    const [K, M] = [8, 20_000];
    const a = Array.from(await sampleDirections(K, M, 5, { dtype: 'float64' }).data());
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const meanSquare = a.reduce((s, v) => s + v * v, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(meanSquare).toBeCloseTo(1 / K, 10); // exact: each column has unit norm
  });

  it('same seed, same directions; another seed, other directions', async () => {
    const a1 = await sampleDirections(16, 32, 7).data();
    const a2 = await sampleDirections(16, 32, 7).data();
    const b = await sampleDirections(16, 32, 8).data();
    expect(a2).toEqual(a1);
    expect(b).not.toEqual(a1);
  });

  it('are drawn and normalised in float64 on the host: float32 is their rounding', async () => {
    const a64 = await sampleDirections(6, 10, 11, { dtype: 'float64' }).data();
    const a32 = await sampleDirections(6, 10, 11, { dtype: 'float32' }).data();
    expect(Array.from(a32)).toEqual(Array.from(a64, Math.fround));
  });

  it('do not reuse the numbers of randn with the same seed (seed = step is used elsewhere too)', async () => {
    const [K, M] = [4, 3];
    const directions = Array.from(await sampleDirections(K, M, 3, { dtype: 'float64' }).data());
    const g = await randn([K, M], { seed: 3, dtype: 'float64' }).data();
    const norms = Array.from({ length: M }, (_, m) =>
      Math.hypot(...Array.from({ length: K }, (_, k) => g[k * M + m]!)),
    );
    const normalisedRandn = Array.from(g, (v, i) => v / norms[i % M]!);
    expect(directions).not.toEqual(normalisedRandn);
  });

  it('without a seed, follow the global stream (reproducible after manualSeed)', async () => {
    manualSeed(123);
    const first = await sampleDirections(5, 6).data();
    const second = await sampleDirections(5, 6).data();
    manualSeed(123);
    expect(await sampleDirections(5, 6).data()).toEqual(first);
    expect(second).not.toEqual(first);
  });

  it('make sigreg reproducible: same seed, same value; new seed, new slices', async () => {
    const x = randn([64, 16], { seed: 1 });
    const v = async (seed: number) => (await sigreg(x, { seed, numSlices: 32 }).data())[0]!;
    expect(await v(4)).toBe(await v(4));
    expect(await v(4)).not.toBe(await v(5));
  });

  describe.skipIf(!webgpuTarget)(`on WebGPU (${webgpuStatus})`, () => {
    it('are bit-identical to the CPU ones', async () => {
      const gpu = webgpuTarget!.backend;
      const onCpu = await sampleDirections(32, 64, 2024, { backend: cpuBackend() }).data();
      const onGpu = await sampleDirections(32, 64, 2024, { backend: gpu }).data();
      expect(Array.from(onGpu)).toEqual(Array.from(onCpu));
    });

    it('give the CPU value of sigreg for the same seed', async () => {
      const x = randn([128, 32], { seed: 9 });
      const cpuValue = (await sigreg(x, { seed: 31 }).data())[0]!;
      const xGpu = randn([128, 32], { seed: 9, backend: webgpuTarget!.backend });
      const gpuValue = (await sigreg(xGpu, { seed: 31 }).data())[0]!;
      expect(Math.abs(gpuValue - cpuValue) / cpuValue).toBeLessThan(1e-5);
    });
  });
});
