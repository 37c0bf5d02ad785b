import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '@isotropic/tensor';

interface WebGPUModule {
  createWebGPUBackend(): Promise<Backend>;
}

/**
 * The WebGPU backend when one can be had, else the reason why not.
 * @isotropic/webgpu is not a dependency of this package (adding it needs a
 * lockfile change), so the test loads its source entry from the workspace by
 * path (vitest compiles it; never stale). Mesa's lavapipe wants a writable
 * XDG_RUNTIME_DIR: give it a private one when unset.
 */
async function load(): Promise<{ webgpu?: Backend; reason?: string }> {
  process.env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), 'isotropic-xdg-'));
  const entry = new URL('../../../webgpu/src/index.ts', import.meta.url).href;
  try {
    const mod = (await import(/* @vite-ignore */ entry)) as Partial<WebGPUModule>;
    if (typeof mod.createWebGPUBackend !== 'function') return { reason: 'no createWebGPUBackend export' };
    return { webgpu: await mod.createWebGPUBackend() };
  } catch (error) {
    return { reason: (error as Error).message.split('\n')[0] };
  }
}

export const { webgpu, reason: webgpuUnavailable } = await load();
