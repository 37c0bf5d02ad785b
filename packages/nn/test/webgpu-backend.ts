/**
 * The WebGPU backend, when the machine has an adapter (Mesa lavapipe in CI).
 * A broken @isotropic/webgpu fails the import (a real failure); only a missing
 * adapter leaves `webgpu` undefined, with `webgpuUnavailable` saying why.
 */

import type { Backend } from '@isotropic/tensor';
import { createWebGPUBackend } from '@isotropic/webgpu';

async function load(): Promise<{ webgpu?: Backend; reason?: string }> {
  try {
    return { webgpu: await createWebGPUBackend() };
  } catch (error) {
    return { reason: (error as Error).message.split('\n')[0] };
  }
}

export const { webgpu, reason: webgpuUnavailable } = await load();
