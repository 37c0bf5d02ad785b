import { type Backend, cpuBackend, setBackend } from '@isotropic/tensor';
import { type BackendChoice, initBackend, WebGPUBackend } from '@isotropic/webgpu';

/**
 * `initBackend`, with one rule for training: under `auto`, a software WebGPU
 * adapter (Mesa lavapipe, SwiftShader) loses to the CPU backend, so `auto`
 * trains on the CPU there and says so. `webgpu` still forces the adapter.
 */
export async function pickTrainingBackend(choice: BackendChoice, quiet: boolean): Promise<Backend> {
  const log = quiet ? null : undefined;
  if (choice !== 'auto') return initBackend(choice, { logger: log });
  const backend = await initBackend('auto', { logger: null });
  if (backend instanceof WebGPUBackend && backend.caps.software) {
    setBackend(cpuBackend());
    if (!quiet)
      console.error(
        `[isotropic] backend: cpu (the only WebGPU adapter is a software one, ${backend.caps.description}, slower than the CPU backend for training; --backend webgpu forces it)`,
      );
    return cpuBackend();
  }
  if (!quiet) console.error(`[isotropic] backend: ${backend.name}`);
  return backend;
}
