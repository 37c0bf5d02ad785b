import { BackendError } from '../../errors.js';
import { GEMM_SCRATCH_BYTES } from '../kernels/gemm-job.js';
import { buildKernelModule, type KernelModule, MAX_PAGES } from '../kernels/kernel-module.js';
import { CONTROL_BYTES, CTRL, JOB_WORD, type JobKind, PARAM_SLOTS } from '../kernels/layout.js';
import { canBlock, sharedMemoryAvailable, webAssemblyAvailable } from './environment.js';
import { Heap } from './heap.js';
import { startThreadPool, type ThreadPool } from './thread-pool.js';

const PAGE = 65536;

/** Per-thread scratch (packed GEMM blocks, padded depthwise planes), whole pages. */
export const SCRATCH_BYTES = Math.ceil(Math.max(1 << 20, GEMM_SCRATCH_BYTES) / PAGE) * PAGE;
const SCRATCH_BASE = PAGE;
const INITIAL_HEAP_BYTES = 32 << 20;
/** Maximum memory sizes to try, largest first (a shared memory reserves its maximum up front). */
const MAXIMUM_PAGES = [MAX_PAGES, MAX_PAGES / 2, MAX_PAGES / 8, MAX_PAGES / 32];
/** Host polls for stragglers this many times (~10 µs) before it sleeps in Atomics.wait, yielding its core. */
const HOST_SPINS = 2000;

interface Compiled {
  readonly module: WebAssembly.Module;
  readonly constants: Int32Array;
}

/** Compiled kernel modules by memory kind (undefined: this platform cannot run them). */
const compiled = new Map<boolean, Compiled | undefined>();

function kernelSource(shared: boolean): KernelModule | undefined {
  const source = buildKernelModule(shared, MAX_PAGES);
  // without SIMD (or threads) support the module does not validate: TypeScript kernels then
  return WebAssembly.validate(source.bytes) ? source : undefined;
}

function kernelModule(shared: boolean): Compiled | undefined {
  if (compiled.has(shared)) return compiled.get(shared);
  const source = kernelSource(shared);
  let result: Compiled | undefined;
  try {
    // browsers may refuse to compile modules over 4 KiB synchronously on their main
    // thread; there, precompileKernels() (async) must run first
    result = source && { module: new WebAssembly.Module(source.bytes), constants: source.constants };
  } catch {
    result = undefined;
  }
  compiled.set(shared, result);
  return result;
}

/** Compiles the kernel module asynchronously (allowed everywhere), so that create() finds it. */
export async function precompileKernels(wantShared = true): Promise<void> {
  const shared = wantShared && sharedMemoryAvailable();
  if (compiled.get(shared)) return;
  const source = kernelSource(shared);
  compiled.set(
    shared,
    source && { module: await WebAssembly.compile(source.bytes), constants: source.constants },
  );
}

function createMemory(
  shared: boolean,
  initialBytes: number,
): { memory: WebAssembly.Memory; maxPages: number } {
  const initial = Math.ceil(initialBytes / PAGE);
  let lastError: unknown;
  for (const maximum of MAXIMUM_PAGES) {
    try {
      return { memory: new WebAssembly.Memory({ initial, maximum, shared }), maxPages: maximum };
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError;
}

/**
 * One wasm memory, the kernel instance on it, a heap allocator, and (with more
 * than one thread) worker threads sharing the memory. Jobs are synchronous: `run`
 * returns when every chunk is done. With a shared memory, float32 storages live
 * in the heap and kernels read them in place; without one (browsers that are not
 * cross-origin isolated) the memory is private to this thread and operands are
 * staged through it.
 */
export class WasmRuntime {
  readonly heap: Heap;
  readonly threads: number;
  private readonly workerRun: (tid: number) => void;
  private pool: ThreadPool | undefined;
  private readonly module: WebAssembly.Module;
  private ctl!: Int32Array;
  private jobWord!: BigInt64Array;
  private generation = 0;
  private readonly blocking = canBlock();

  private constructor(
    readonly memory: WebAssembly.Memory,
    readonly shared: boolean,
    kernels: Compiled,
    maxPages: number,
    threads: number,
  ) {
    this.threads = threads;
    this.module = kernels.module;
    this.workerRun = (
      new WebAssembly.Instance(kernels.module, { env: { memory } }).exports as { worker_run(t: number): void }
    ).worker_run;
    this.refreshViews();
    this.ctl.set(kernels.constants, CTRL.constants / 4);
    this.ctl[CTRL.scratchBase / 4] = SCRATCH_BASE;
    this.ctl[CTRL.scratchStride / 4] = SCRATCH_BYTES;
    this.heap = new Heap(memory, SCRATCH_BASE + threads * SCRATCH_BYTES, maxPages, () => this.refreshViews());
  }

  /**
   * A runtime, or undefined where WebAssembly SIMD is unavailable. `wantShared`
   * false forces a private memory (the fallback for pages without cross-origin isolation).
   */
  static create(threads: number, wantShared = true): WasmRuntime | undefined {
    if (!webAssemblyAvailable()) return undefined;
    const shared = wantShared && sharedMemoryAvailable();
    const kernels = kernelModule(shared);
    if (!kernels) return undefined;
    // threads need a shared memory (a host that may not block spins while they finish)
    const n = shared ? Math.max(1, threads) : 1;
    const { memory, maxPages } = createMemory(shared, SCRATCH_BASE + n * SCRATCH_BYTES + INITIAL_HEAP_BYTES);
    return new WasmRuntime(memory, shared, kernels, maxPages, n);
  }

  private refreshViews(): void {
    this.ctl = new Int32Array(this.memory.buffer, 0, CONTROL_BYTES / 4);
    this.jobWord = new BigInt64Array(this.memory.buffer, CTRL.jobWord, 1);
  }

  /** The current backing buffer (a new object after growth). */
  get buffer(): ArrayBufferLike {
    return this.memory.buffer;
  }

  private readonly heapBuffers = new WeakSet<ArrayBufferLike>();

  /** A float32 view of the memory at `addr` (recognised later by `owns`). */
  floats(addr: number, length: number): Float32Array {
    const buffer = this.memory.buffer;
    this.heapBuffers.add(buffer);
    return new Float32Array(buffer, addr, length);
  }

  /** Whether `a` is a view of this runtime's shared memory (its byteOffset is then its address). */
  owns(a: ArrayBufferView): boolean {
    return this.shared && this.heapBuffers.has(a.buffer);
  }

  ints(addr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, addr, length);
  }

  /** Writes i32 parameters of the next job into their slots. */
  setParams<K extends string>(slots: Record<K, number>, values: Record<K, number>): void {
    for (const name of Object.keys(values) as K[]) {
      const slot = slots[name];
      if (!(slot >= 0 && slot < PARAM_SLOTS)) throw new RangeError(`no parameter slot for ${name}`);
      this.ctl[CTRL.params / 4 + slot] = values[name];
    }
  }

  /**
   * Runs `chunks` chunks of job `kind` and returns when all are done. With
   * `parallel`, worker threads are woken to share them; otherwise this thread
   * runs them (a worker still finishing a previous job may join in, so the
   * result never depends on which threads ran which chunks).
   */
  run(kind: JobKind, chunks: number, parallel: boolean): void {
    if (chunks <= 0) return;
    if (chunks > JOB_WORD.fieldMask) throw new RangeError(`too many chunks (${chunks}) in one job`);
    const ctl = this.ctl;
    ctl[CTRL.kind / 4] = kind;
    Atomics.store(ctl, CTRL.done / 4, 0);
    this.generation = (this.generation + 1) & JOB_WORD.genMask;
    Atomics.store(
      this.jobWord,
      0,
      (BigInt(this.generation) << BigInt(JOB_WORD.genShift)) |
        (BigInt(chunks) << BigInt(JOB_WORD.countShift)),
    );
    if (parallel && this.threads > 1 && chunks > 1) {
      if (!this.pool) {
        Atomics.store(ctl, CTRL.stop / 4, 0);
        this.pool = startThreadPool(this.module, this.memory, this.threads - 1);
      }
      Atomics.add(ctl, CTRL.wake / 4, 1);
      Atomics.notify(ctl, CTRL.wake / 4);
    }
    try {
      this.workerRun(0);
    } catch (e) {
      // a trap leaves chunks of this job unaccounted for: never run another job here
      this.failed = true;
      throw new BackendError(
        `cpu: a wasm kernel failed (${String(e)}); using the TypeScript kernels from now on`,
      );
    }
    this.waitForChunks(chunks);
  }

  /** Set when a kernel trapped; the backend then stops using this runtime. */
  failed = false;

  private waitForChunks(chunks: number): void {
    const ctl = this.ctl;
    for (let spins = 0; ; spins++) {
      const done = Atomics.load(ctl, CTRL.done / 4);
      if (done >= chunks) return;
      if (Atomics.load(ctl, CTRL.error / 4) !== 0) {
        this.failed = true;
        throw new BackendError(
          'cpu: a worker thread failed while running a wasm kernel; using the TypeScript kernels from now on',
        );
      }
      if (spins > HOST_SPINS && this.blocking) Atomics.wait(ctl, CTRL.done / 4, done, 50);
    }
  }

  /** Chunks that worker threads (not this thread) have run so far. */
  get workerChunks(): number {
    return Atomics.load(this.ctl, CTRL.workerChunks / 4);
  }

  /** Stops the worker threads (they are unref'd in Node, so this is optional there). */
  dispose(): void {
    if (!this.pool) return;
    Atomics.store(this.ctl, CTRL.stop / 4, 1);
    Atomics.add(this.ctl, CTRL.wake / 4, 1);
    Atomics.notify(this.ctl, CTRL.wake / 4);
    this.pool.terminate();
    this.pool = undefined;
  }
}
