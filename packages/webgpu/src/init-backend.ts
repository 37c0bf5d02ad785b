import { type Backend, cpuBackend, setBackend, ValueError } from '@isotropic/tensor';
import { createWebGPUBackend, type WebGPUBackendOptions } from './create-backend.js';
import { type Logger, resolveLogger } from './logger.js';

export type BackendChoice = 'auto' | 'webgpu' | 'cpu';

export interface InitBackendOptions extends WebGPUBackendOptions {
  /** Where the one line saying which backend was chosen goes; `null` silences it. Default: console. */
  readonly logger?: Logger | null;
  /** Make the chosen backend the default for new tensors (`setBackend`). Default true. */
  readonly setDefault?: boolean;
}

/**
 * Picks a backend: `webgpu` (throws if no adapter), `cpu`, or `auto` (WebGPU
 * when an adapter exists, else the CPU backend). Logs one line naming the
 * choice and the reason, e.g.
 *   [isotropic] backend: webgpu on mesa / software / llvmpipe (software adapter: correct but slow)
 *   [isotropic] backend: cpu (WebGPU unavailable: no WebGPU adapter was found ...)
 */
export async function initBackend(
  choice: BackendChoice = 'auto',
  opts: InitBackendOptions = {},
): Promise<Backend> {
  if (choice !== 'auto' && choice !== 'webgpu' && choice !== 'cpu') {
    throw new ValueError(`initBackend: expected 'auto', 'webgpu' or 'cpu', got ${JSON.stringify(choice)}`);
  }
  const log = resolveLogger(opts.logger);
  let backend: Backend;
  if (choice === 'cpu') {
    backend = cpuBackend();
    log.info('backend: cpu (requested)');
  } else {
    try {
      const gpu = await createWebGPUBackend(opts);
      backend = gpu;
      const note = gpu.caps.software ? ' (software adapter: correct but slow)' : '';
      log.info(`backend: webgpu on ${gpu.caps.description}${note}`);
    } catch (error) {
      if (choice === 'webgpu') throw error;
      backend = cpuBackend();
      const reason = (error as Error).message.replace(/^createWebGPUBackend: /, '');
      log.info(`backend: cpu (WebGPU unavailable: ${reason})`);
    }
  }
  if (opts.setDefault !== false) setBackend(backend);
  return backend;
}
