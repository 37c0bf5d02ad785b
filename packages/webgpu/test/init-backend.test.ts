import * as T from '@isotropic/tensor';
import { BackendError, ValueError } from '@isotropic/tensor';
import { afterEach, expect, it } from 'vitest';
import { createWebGPUBackend, initBackend, type Logger, WebGPUBackend } from '../src/index.js';
import { backend, describeWebGPU } from './gpu-backend.js';

/** A logger that remembers its lines. */
function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(`warn: ${m}`) };
}

/** A `navigator.gpu` stand-in that has no adapter (as on a machine without drivers). */
const noAdapterGpu = { requestAdapter: async () => null } as unknown as GPU;

const defaultBackend = T.getBackend();
afterEach(() => T.setBackend(defaultBackend));

it('initBackend("cpu") picks the CPU backend and says so in one line', async () => {
  const log = recorder();
  const b = await initBackend('cpu', { logger: log });
  expect(b).toBe(T.cpuBackend());
  expect(T.getBackend()).toBe(b);
  expect(log.lines).toEqual(['backend: cpu (requested)']);
});

it('initBackend("auto") falls back to the CPU backend, with the reason, when there is no adapter', async () => {
  const log = recorder();
  const b = await initBackend('auto', { gpu: noAdapterGpu, logger: log, setDefault: false });
  expect(b).toBe(T.cpuBackend());
  expect(log.lines).toHaveLength(1);
  expect(log.lines[0]).toMatch(/^backend: cpu \(WebGPU unavailable: no WebGPU adapter was found/);
  expect(log.lines[0]).toContain('lavapipe');
});

it('initBackend("webgpu") throws when there is no adapter; a null logger is silent', async () => {
  await expect(initBackend('webgpu', { gpu: noAdapterGpu, logger: null })).rejects.toThrow(BackendError);
  await expect(createWebGPUBackend({ gpu: noAdapterGpu })).rejects.toThrow(
    /^createWebGPUBackend: no WebGPU adapter/,
  );
});

it('initBackend rejects an unknown choice', async () => {
  await expect(initBackend('tpu' as 'cpu')).rejects.toThrow(ValueError);
});

describeWebGPU('with an adapter', () => {
  it('initBackend("auto") picks WebGPU, names the adapter and makes it the default', async () => {
    const log = recorder();
    const b = await initBackend('auto', { logger: log });
    expect(b).toBeInstanceOf(WebGPUBackend);
    expect(T.getBackend()).toBe(b);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/^backend: webgpu on /);
    (b as WebGPUBackend).destroy();
  });

  it('createWebGPUBackend({ device }) works on a device the caller owns, and leaves it alive', async () => {
    const shared = await createWebGPUBackend({ device: backend().device });
    const y = T.mul(T.tensor([1, 2], [2], { backend: shared }), 3);
    expect(Array.from(await y.data())).toEqual([3, 6]);
    y.dispose();
    shared.destroy();
    // the device still works for its owner
    expect(Array.from(await T.neg(T.tensor([1], [1], { backend: backend() })).data())).toEqual([-1]);
  });

  it('a small batch limit submits often and still computes the same', async () => {
    const b = await createWebGPUBackend({ maxBatchDispatches: 3 });
    let x = T.tensor([1, 2, 3], [3], { backend: b });
    for (let i = 0; i < 20; i++) x = T.add(x, 1);
    expect(Array.from(await x.data())).toEqual([21, 22, 23]);
    b.destroy();
  });
});
