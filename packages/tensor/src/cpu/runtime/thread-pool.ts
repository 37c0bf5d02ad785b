import { nodeBuiltin } from './environment.js';
import { workerSource } from './worker-source.js';

/** Worker threads running the kernel scheduler on a shared memory. */
export interface ThreadPool {
  /** Worker threads (the host thread is not counted). */
  readonly workers: number;
  terminate(): void;
}

interface WorkerInit {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly tid: number;
}

/**
 * Starts `count` workers with thread ids 1..count (the host is thread 0).
 * Node: `node:worker_threads`, unref'd so they never keep a process alive.
 * Browsers: module-less Web Workers from a Blob URL. Returns undefined when the
 * platform has neither. Workers start asynchronously; the scheduler does not
 * wait for them (a job's chunks go to whichever threads are running).
 */
export function startThreadPool(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  count: number,
): ThreadPool | undefined {
  if (count <= 0) return undefined;
  const inits: WorkerInit[] = Array.from({ length: count }, (_, i) => ({ module, memory, tid: i + 1 }));
  const threads = nodeBuiltin('node:worker_threads');
  if (threads) {
    const workers = inits.map((workerData) => {
      const w = new threads.Worker(workerSource(), { eval: true, workerData });
      w.unref();
      return w;
    });
    return {
      workers: count,
      terminate: () => {
        for (const w of workers) void w.terminate();
      },
    };
  }
  if (typeof Worker === 'undefined' || typeof Blob === 'undefined') return undefined;
  const url = URL.createObjectURL(new Blob([workerSource()], { type: 'text/javascript' }));
  const workers = inits.map((init) => {
    const w = new Worker(url);
    w.postMessage(init);
    return w;
  });
  return {
    workers: count,
    terminate: () => {
      for (const w of workers) w.terminate();
      URL.revokeObjectURL(url);
    },
  };
}
