import * as T from '@isotropic/tensor';
import { BackendError, DTypeError } from '@isotropic/tensor';
import { expect, it } from 'vitest';
import { createWebGPUBackend } from '../src/index.js';
import type { Kernel } from '../src/runtime/kernel.js';
import { backend, describeWebGPU } from './gpu-backend.js';

/** The error `fn` throws on a backend (undefined if none). */
function thrownOn(b: T.Backend, fn: (b: T.Backend) => unknown): Error | undefined {
  try {
    T.scope(() => {
      fn(b);
    });
  } catch (e) {
    return e as Error;
  }
  return undefined;
}

describeWebGPU('errors', () => {
  it.each([
    ['broadcasting', (b: T.Backend) => T.add(T.zeros([2, 3], { backend: b }), T.zeros([4], { backend: b }))],
    [
      'matmul inner dims',
      (b: T.Backend) => T.matmul(T.zeros([2, 3], { backend: b }), T.zeros([4, 5], { backend: b })),
    ],
    [
      'conv2d groups',
      (b: T.Backend) =>
        T.conv2d(T.zeros([1, 4, 5, 5], { backend: b }), T.zeros([3, 2, 3, 3], { backend: b }), null, {
          groups: 2,
        }),
    ],
    ['reshape', (b: T.Backend) => T.reshape(T.zeros([2, 3], { backend: b }), [4, 2])],
    [
      'gather index dtype',
      (b: T.Backend) => T.gather(T.zeros([2, 3], { backend: b }), 1, T.zeros([2, 3], { backend: b })),
    ],
  ] as const)('%s errors are the CPU backend errors', (_name, fn) => {
    const cpu = thrownOn(T.cpuBackend(), fn);
    const gpu = thrownOn(backend(), fn);
    expect(cpu).toBeDefined();
    expect(gpu?.name).toBe(cpu!.name);
    expect(gpu?.message).toBe(cpu!.message);
  });

  it('float64 is not supported: a DTypeError, as the backend declares', () => {
    const gpu = backend();
    expect(gpu.supportsDType('float64')).toBe(false);
    expect(gpu.supportsDType('float32') && gpu.supportsDType('int32') && gpu.supportsDType('bool')).toBe(
      true,
    );
    expect(() => T.tensor([1, 2], [2], { dtype: 'float64', backend: gpu })).toThrow(DTypeError);
    expect(() => T.tensor([1, 2], [2], { dtype: 'float64', backend: gpu })).toThrow(
      'tensor: the webgpu backend does not support float64',
    );
  });

  it('a tensor larger than one storage binding fails naming its size and the limit', () => {
    const gpu = backend();
    const elements = gpu.caps.maxBindingBytes / 4 + 1;
    T.scope(() => {
      const huge = T.broadcastTo(T.tensor(1, [], { backend: gpu }), [elements]); // a view: nothing allocated yet
      const err = thrownOn(gpu, () => T.add(huge, 1));
      expect(err).toBeInstanceOf(BackendError);
      expect(err!.message).toContain(`add: a tensor of ${elements.toLocaleString('en-US')} elements`);
      expect(err!.message).toContain(
        `maxStorageBufferBindingSize of ${gpu.caps.maxBindingBytes.toLocaleString('en-US')} bytes`,
      );
    });
  });

  it('a WGSL compile error names the op and quotes the source line, at the next sync and at every later use', async () => {
    const gpu = backend();
    const broken: Kernel = {
      op: 'myOp',
      label: 'myOp[broken]',
      code: `@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(1)
fn main() {
  out[0] = undefined_value + 1.0;
}`,
      bindings: ['readwrite'],
    };
    const buffer = gpu.runtime.temp('myOp', 4);
    gpu.runtime.dispatch(broken, [buffer], undefined, 1);
    const err = await gpu.sync().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(BackendError);
    expect(err!.message).toContain('myOp: WGSL compile error in kernel myOp[broken]: 4:12:');
    expect(err!.message).toContain("unresolved value 'undefined_value'");
    expect(err!.message).toContain('4 |   out[0] = undefined_value + 1.0;');
    expect(() => gpu.runtime.dispatch(broken, [buffer], undefined, 1)).toThrow(/myOp: WGSL compile error/);
    gpu.runtime.releaseTemp(buffer);
    // the fault was reported; the backend carries on
    await gpu.sync();
    expect(Array.from(await T.add(T.tensor([1], [1], { backend: gpu }), 1).data())).toEqual([2]);
  });

  it('a lost device rejects pending reads and every later call with a clear error', async () => {
    const lost = await createWebGPUBackend();
    const x = T.tensor([1, 2, 3], [3], { backend: lost });
    const y = T.exp(x);
    const pending = y.data();
    lost.device.destroy();
    const err = await pending.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(BackendError);
    expect(err!.message).toMatch(/^read: the WebGPU device was lost \(destroyed/);
    expect(() => T.exp(x)).toThrow(BackendError);
    expect(() => T.exp(x)).toThrow(/^exp: the WebGPU device was lost/);
    await expect(x.data()).rejects.toThrow(/device was lost/);
    // releasing storages of a lost device is harmless
    x.dispose();
    y.dispose();
    expect(lost.memory().liveStorages).toBe(0);
  });

  it('rejects storage handles from another backend', () => {
    const gpu = backend();
    const cpuHandle = T.cpuBackend().upload(new Float32Array(1), 'float32');
    expect(() =>
      gpu.unary('neg', {
        storage: cpuHandle,
        dtype: 'float32',
        view: { shape: [1], strides: [1], offset: 0 },
      }),
    ).toThrow('neg: the storage does not belong to this webgpu backend');
    T.cpuBackend().release(cpuHandle);
  });
});
