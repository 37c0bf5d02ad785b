import { ValueError } from '../../errors.js';

/**
 * Platform probes for the wasm runtime. Node modules are reached through
 * `process.getBuiltinModule` (Node >= 20.16), never a static import, so the
 * package still bundles and runs in browsers.
 */

interface NodeBuiltins {
  'node:worker_threads': typeof import('node:worker_threads');
  'node:os': typeof import('node:os');
}

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
  env?: Record<string, string | undefined>;
}

function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return typeof p === 'object' && p !== null ? p : undefined;
}

export function nodeBuiltin<K extends keyof NodeBuiltins>(id: K): NodeBuiltins[K] | undefined {
  const p = nodeProcess();
  if (typeof p?.getBuiltinModule !== 'function') return undefined;
  return p.getBuiltinModule(id) as NodeBuiltins[K] | undefined;
}

/** Logical cores: os.availableParallelism() in Node, navigator.hardwareConcurrency in browsers. */
export function availableCores(): number {
  const os = nodeBuiltin('node:os');
  if (os) return os.availableParallelism();
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

/** The ISOTROPIC_THREADS environment variable (Node), validated; undefined when unset. */
export function threadsFromEnv(): number | undefined {
  const raw = nodeProcess()?.env?.ISOTROPIC_THREADS;
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new ValueError(`CpuBackend: ISOTROPIC_THREADS must be a positive integer, got '${raw}'`);
  }
  return n;
}

/** ISOTROPIC_SIMD=0 (or false / off) keeps the default backend on the TypeScript kernels. */
export function simdDisabledByEnv(): boolean {
  const raw = nodeProcess()?.env?.ISOTROPIC_SIMD?.trim().toLowerCase();
  return raw === '0' || raw === 'false' || raw === 'off';
}

/**
 * Whether this thread may block in Atomics.wait: yes in Node (main thread
 * included) and in Web Workers, no on a browser's main thread.
 */
export function canBlock(): boolean {
  if (nodeProcess()?.getBuiltinModule) return true;
  const scope = globalThis as { WorkerGlobalScope?: abstract new () => unknown };
  return typeof scope.WorkerGlobalScope === 'function' && globalThis instanceof scope.WorkerGlobalScope;
}

/** A shared WebAssembly.Memory can be created (Node; browsers only when cross-origin isolated). */
export function sharedMemoryAvailable(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

export function webAssemblyAvailable(): boolean {
  return typeof WebAssembly === 'object' && typeof WebAssembly.Memory === 'function';
}
