import { ValueError } from '../errors.js';
import { availableCores, simdDisabledByEnv, threadsFromEnv } from './runtime/environment.js';
import { WasmRuntime } from './runtime/wasm-runtime.js';
import { WasmContext } from './wasm-ops/context.js';

export interface CpuBackendOptions {
  /**
   * Threads the float32 wasm kernels use, the calling thread included. Default:
   * the ISOTROPIC_THREADS environment variable, else every core. Threads need a
   * shared memory, so a page without cross-origin isolation always gets 1. On a
   * browser's main thread (which may not Atomics.wait) the caller spins while
   * workers finish their last chunks.
   */
  readonly threads?: number;
  /**
   * Run float32 kernels as WebAssembly SIMD (default true, unless the environment
   * sets ISOTROPIC_SIMD=0); false keeps the pure-TypeScript kernels.
   */
  readonly simd?: boolean;
  /**
   * Keep float32 storages in a shared wasm memory (default: wherever one can be
   * created). false gives what browsers without cross-origin isolation get:
   * storages in ordinary arrays, operands copied through a private wasm memory per
   * kernel, one thread.
   */
  readonly sharedMemory?: boolean;
}

export interface CpuKernelInfo {
  /** float32 ops run as WebAssembly SIMD. */
  readonly simd: boolean;
  readonly threads: number;
  /** Storages live in a shared wasm memory (else operands are copied in and out per kernel). */
  readonly sharedMemory: boolean;
  /** Kernel chunks worker threads have run so far (0 with one thread). */
  readonly chunksOnWorkers: number;
  /** Bytes of wasm memory the heap has taken (blocks in use plus blocks cached for reuse). */
  readonly heapBytes: number;
}

/** One runtime (memory, heap, workers) per configuration, shared by every backend that asks for it. */
const runtimes = new Map<string, WasmRuntime>();

export function wasmContextFor(options: CpuBackendOptions): WasmContext | undefined {
  if (options.simd === false || (options.simd === undefined && simdDisabledByEnv())) return undefined;
  const threads = options.threads ?? threadsFromEnv() ?? availableCores();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ValueError(`CpuBackend: threads must be a positive integer, got ${threads}`);
  }
  const shared = options.sharedMemory ?? true;
  const key = `${threads}/${shared}`;
  let runtime = runtimes.get(key);
  if (!runtime) {
    // undefined (no wasm here, or not compiled yet on a browser main thread) is not cached
    runtime = WasmRuntime.create(threads, shared);
    if (runtime) runtimes.set(key, runtime);
  }
  return runtime && new WasmContext(runtime);
}
