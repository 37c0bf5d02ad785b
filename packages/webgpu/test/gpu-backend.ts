/**
 * One WebGPU backend per test file. When no adapter exists (no Vulkan driver,
 * no lavapipe), `gpu` is undefined and `describeWebGPU` skips the suites with
 * one clear message instead of failing.
 */
import { describe } from 'vitest';
import { createWebGPUBackend, type WebGPUBackend } from '../src/index.js';

async function tryCreate(): Promise<{ backend?: WebGPUBackend; reason?: string }> {
  try {
    return { backend: await createWebGPUBackend() };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

const created = await tryCreate();

export const gpu: WebGPUBackend | undefined = created.backend;

let warned = false;

/** `describe` when a WebGPU adapter exists, else a skipped suite and one warning naming the reason. */
export function describeWebGPU(name: string, fn: () => void): void {
  if (!gpu && !warned) {
    warned = true;
    console.warn(`[@isotropic/webgpu tests] skipped: no WebGPU adapter: ${created.reason}`);
  }
  describe.skipIf(!gpu)(name, fn);
}

/** The backend inside a `describeWebGPU` body (never undefined there). */
export function backend(): WebGPUBackend {
  if (!gpu) throw new Error('no WebGPU backend');
  return gpu;
}
