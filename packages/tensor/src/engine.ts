import type { Backend } from './backend.js';
import { CpuBackend } from './cpu/cpu-backend.js';
import { BackendError } from './errors.js';

let cpuSingleton: CpuBackend | undefined;
let current: Backend | undefined;

/** The shared CPU backend instance. */
export function cpuBackend(): CpuBackend {
  cpuSingleton ??= new CpuBackend();
  return cpuSingleton;
}

/** The backend new tensors are created on (CPU until `setBackend` is called). */
export function getBackend(): Backend {
  current ??= cpuBackend();
  return current;
}

export function setBackend(backend: Backend): void {
  current = backend;
}

/** Runs `fn` with `backend` as the default for new tensors. */
export function withBackend<T>(backend: Backend, fn: () => T): T {
  const prev = current;
  current = backend;
  try {
    return fn();
  } finally {
    current = prev;
  }
}

export function assertSameBackend(op: string, backends: readonly Backend[]): Backend {
  const b = backends[0]!;
  for (const o of backends) {
    if (o !== b) {
      throw new BackendError(
        `${op}: operands live on different backends (${b.name} and ${o.name}); move one with toBackend()`,
      );
    }
  }
  return b;
}
