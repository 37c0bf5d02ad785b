import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '@isotropic/tensor';
import { createWebGPUBackend } from '@isotropic/webgpu';

/**
 * A WebGPU backend, or undefined (with the reason) when the machine has no adapter
 * (no GPU and no lavapipe): the WebGPU tests skip themselves then. A broken
 * @isotropic/webgpu fails the import instead, as it should.
 */
export async function webgpuBackend(): Promise<{ backend?: Backend; reason: string }> {
  // Mesa's lavapipe wants a writable runtime dir; give it a private temp one.
  process.env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), 'isotropic-xdg-'));
  try {
    const backend = await createWebGPUBackend();
    return { backend, reason: `backend ${backend.name}` };
  } catch (e) {
    return { reason: `no WebGPU adapter (${(e as Error).message.split('\n')[0]})` };
  }
}
