import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Backend,
  CpuBackend,
  conv2d,
  cpuBackend,
  gelu,
  layerNorm,
  matmul,
  mean,
  memory,
  randn,
  scope,
  softmax,
  sum,
  type Tensor,
  ValueError,
} from '../src/index.js';
import { expectClose, reference } from './cpu-harness.js';

const savedEnv = { threads: process.env.ISOTROPIC_THREADS, simd: process.env.ISOTROPIC_SIMD };
afterEach(() => {
  if (savedEnv.threads === undefined) delete process.env.ISOTROPIC_THREADS;
  else process.env.ISOTROPIC_THREADS = savedEnv.threads;
  if (savedEnv.simd === undefined) delete process.env.ISOTROPIC_SIMD;
  else process.env.ISOTROPIC_SIMD = savedEnv.simd;
});

/** A small ConvNeXt/ViT-flavoured forward pass through the public API. */
function forward(backend: Backend): Tensor[] {
  return scope(() => {
    const x = randn([2, 8, 12, 12], { seed: 1, backend });
    const dw = randn([8, 1, 7, 7], { seed: 2, backend });
    const pw = randn([24, 8, 1, 1], { seed: 3, backend });
    const h = conv2d(conv2d(x, dw, null, { padding: 3, groups: 8 }), pw);
    const tokens = h.reshape([2, 24, 144]).transpose([0, 2, 1]);
    const w = randn([24, 40], { seed: 4, backend });
    const y = gelu(layerNorm(matmul(tokens, w), [40]));
    return [softmax(y, -1), sum(y, [0, 1]), mean(y, -1)];
  });
}

describe('CpuBackend options and the wasm kernels seen through the public API', () => {
  it('uses WebAssembly SIMD with every core by default, and reports it', () => {
    const info = new CpuBackend().kernels;
    expect(info.simd).toBe(true);
    expect(info.sharedMemory).toBe(true);
    expect(info.threads).toBe(Number(process.env.ISOTROPIC_THREADS ?? availableParallelism()));
  });

  it('takes the thread count from options, then ISOTROPIC_THREADS, and validates both', () => {
    process.env.ISOTROPIC_THREADS = '2';
    expect(new CpuBackend().kernels.threads).toBe(2);
    expect(new CpuBackend({ threads: 1 }).kernels.threads).toBe(1);
    process.env.ISOTROPIC_THREADS = 'many';
    expect(() => new CpuBackend()).toThrow(ValueError);
    expect(() => new CpuBackend({ threads: 0 })).toThrow(/positive integer/);
    expect(() => new CpuBackend({ threads: 1.5 })).toThrow(ValueError);
  });

  it('simd: false, or ISOTROPIC_SIMD=0 without the option, keeps the TypeScript kernels', () => {
    expect(new CpuBackend({ simd: false }).kernels).toMatchObject({ simd: false, threads: 1 });
    process.env.ISOTROPIC_SIMD = '0';
    expect(new CpuBackend().kernels.simd).toBe(false);
    expect(new CpuBackend({ simd: true }).kernels.simd).toBe(true);
  });

  it.each([
    ['the default backend', () => cpuBackend()],
    ['3 threads', () => new CpuBackend({ threads: 3 })],
    [
      'a private memory (no SharedArrayBuffer: operands staged, 1 thread)',
      () => new CpuBackend({ sharedMemory: false }),
    ],
  ])(
    '%s matches the TypeScript backend on conv, matmul, layerNorm, gelu, softmax, sum, mean',
    async (_name, make) => {
      const backend = make();
      const want = forward(reference);
      const got = forward(backend);
      for (let i = 0; i < want.length; i++) {
        expectClose((await got[i]!.data()) as Float32Array, await want[i]!.data(), 2e-4, 2e-4, `output ${i}`);
      }
      for (const t of [...want, ...got]) t.dispose();
      if (backend.kernels.sharedMemory === false) expect(backend.kernels.threads).toBe(1);
    },
  );

  it('frees heap blocks on release: a loop of identical steps does not grow the heap', () => {
    const backend = new CpuBackend({ threads: 2 });
    const step = () => {
      for (const t of forward(backend)) t.dispose();
    };
    // warm up: the first steps fill the size-class free lists
    for (let i = 0; i < 3; i++) step();
    const heap = backend.kernels.heapBytes;
    const live = memory(backend);
    for (let i = 0; i < 20; i++) step();
    expect(backend.kernels.heapBytes).toBe(heap);
    expect(memory(backend).liveStorages).toBe(live.liveStorages);
    expect(memory(backend).liveBytes).toBe(live.liveBytes);
  });
});
