import { DataError } from '../errors.js';
import type { Loader } from '../loader/base-loader.js';
import type { LoaderOptions } from '../loader/options.js';
import type { AugmentWorker } from '../loader/prefetch-loader.js';
import { createPrefetchingLoader } from '../loader/prefetch-loader.js';
import type { WorkerReply } from '../loader/protocol.js';
import type { SampleSource } from '../loader/read-samples.js';

/** The part of the DOM Worker interface the loader uses. */
export interface WebWorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

export interface WebWorkerLoaderOptions extends LoaderOptions {
  /** Web Workers, default navigator.hardwareConcurrency - 1 (at least 1). */
  workers?: number;
  /** Batches in flight ahead of the consumer, default 2 x workers. */
  prefetch?: number;
  /**
   * Creates one worker running augment-worker.browser.js. The default uses
   * `new Worker(new URL('./augment-worker.browser.js', import.meta.url), { type: 'module' })`,
   * a pattern Vite, webpack 5 and Parcel bundle automatically; pass your own
   * if your bundler needs a different path.
   */
  createWorker?: () => WebWorkerLike;
}

function defaultWorker(): WebWorkerLike {
  return new Worker(new URL('./augment-worker.browser.js', import.meta.url), { type: 'module' });
}

/** Browser counterpart of createWorkerLoader: augmentation in Web Workers, identical batches. */
export function createWebWorkerLoader(dataset: SampleSource, options: WebWorkerLoaderOptions): Loader {
  const hardware = typeof navigator === 'object' ? navigator.hardwareConcurrency : 2;
  const workers = options.workers ?? Math.max(1, (hardware || 2) - 1);
  const create = options.createWorker ?? defaultWorker;
  return createPrefetchingLoader(dataset, { ...options, workers }, () => adaptWebWorker(create()));
}

function adaptWebWorker(worker: WebWorkerLike): AugmentWorker {
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onReply: (handler) => {
      worker.onmessage = (event) => handler(event.data as WorkerReply);
    },
    onFailure: (handler) => {
      worker.onerror = (event) => {
        event.preventDefault?.();
        handler(
          new DataError(
            'WORKER_FAILED',
            `augmentation Web Worker failed: ${event.message ?? 'unknown error'}`,
          ),
        );
      };
    },
    terminate: () => worker.terminate(),
  };
}
