/**
 * Loading a state dict made on one backend into a module on another: from the CPU
 * backend synchronously, from WebGPU (read back asynchronously) with loadStateDictAsync.
 * Runs on Mesa's lavapipe in CI; skipped only where there is no WebGPU adapter.
 */
import { cpuBackend, key, tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { Linear, StateDictError } from '../src/index.js';
import { webgpu, webgpuUnavailable } from './webgpu-backend.js';

if (!webgpu) console.warn(`[@isotropic/nn] cross-backend state dict tests skipped: ${webgpuUnavailable}`);

describe.skipIf(!webgpu)('loadStateDict across backends', () => {
  const gpu = webgpu!;
  const cpu = cpuBackend();

  it('copies CPU values into a WebGPU module (cast to its dtype), which then runs there', async () => {
    const source = new Linear(3, 2, { key: key(1), backend: cpu, dtype: 'float64' });
    const target = new Linear(3, 2, { key: key(2), backend: gpu });
    const state = source.stateDict();
    target.loadStateDict(state);
    expect(target.weight.value.backend).toBe(gpu);
    expect(target.weight.dtype).toBe('float32');
    const expected = Float32Array.from(await state.weight!.data());
    expect(await target.weight.value.data()).toEqual(expected);
    const y = target.call(tensor([[1, 2, 3]], [1, 3], { backend: gpu }));
    expect(y.backend).toBe(gpu);
    const want = [0, 1].map((o) => [0, 1, 2].reduce((s, i) => s + (i + 1) * expected[o * 3 + i]!, 0));
    const got = await y.data();
    for (let o = 0; o < 2; o++) expect(got[o]).toBeCloseTo(want[o]!, 5);
  });

  it('refuses WebGPU values synchronously, naming the keys and the way out, and changes nothing', async () => {
    const source = new Linear(3, 2, { key: key(3), backend: gpu });
    const target = new Linear(3, 2, { key: key(4), backend: cpu });
    const before = target.weight.value.arraySync();
    let error: unknown;
    try {
      target.loadStateDict(source.stateDict());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateDictError);
    expect((error as Error).message).toMatch(/weight \(webgpu -> cpu\)/);
    expect((error as Error).message).toMatch(/loadStateDictAsync/);
    expect(target.weight.value.arraySync()).toEqual(before);
  });

  it('loadStateDictAsync reads WebGPU values back into a CPU module', async () => {
    const source = new Linear(3, 2, { key: key(5), backend: gpu });
    const target = new Linear(3, 2, { key: key(6), backend: cpu });
    const result = await target.loadStateDictAsync(source.stateDict());
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(target.weight.value.backend).toBe(cpu);
    expect(target.weight.value.dataSync()).toEqual(await source.weight.value.data());
    expect(target.bias!.value.dataSync()).toEqual(await source.bias!.value.data());
  });
});
