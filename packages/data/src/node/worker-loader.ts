import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DataError, describeError } from '../errors.js';
import type { Loader } from '../loader/base-loader.js';
import type { LoaderOptions } from '../loader/options.js';
import type { AugmentWorker } from '../loader/prefetch-loader.js';
import { createPrefetchingLoader } from '../loader/prefetch-loader.js';
import type { WorkerReply } from '../loader/protocol.js';
import type { SampleSource } from '../loader/read-samples.js';

export interface WorkerLoaderOptions extends LoaderOptions {
  /** Worker threads, default availableParallelism() - 1 (at least 1). */
  workers?: number;
  /** Batches in flight ahead of the consumer, default 2 x workers. */
  prefetch?: number;
  /** Worker script; defaults to the augment-worker.node.js shipped next to this file in dist/. */
  workerUrl?: URL;
}

/**
 * Like createLoader, but augmentation runs on worker threads so it overlaps
 * training. Yields exactly the same batches as createLoader for the same options.
 */
export function createWorkerLoader(dataset: SampleSource, options: WorkerLoaderOptions): Loader {
  const url = options.workerUrl ?? new URL('./augment-worker.node.js', import.meta.url);
  if (url.protocol === 'file:' && !existsSync(fileURLToPath(url))) {
    throw new DataError(
      'WORKER_FAILED',
      `worker script ${fileURLToPath(url)} does not exist; when running from source, build first (pnpm --filter @isotropic/data build) or pass workerUrl`,
      { path: fileURLToPath(url) },
    );
  }
  const workers = options.workers ?? Math.max(1, availableParallelism() - 1);
  return createPrefetchingLoader(dataset, { ...options, workers }, () => nodeWorker(url));
}

function nodeWorker(url: URL): AugmentWorker {
  const worker = new Worker(url);
  let terminating = false;
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onReply: (handler) => worker.on('message', (reply: WorkerReply) => handler(reply)),
    onFailure: (handler) => {
      worker.on('error', (error) =>
        handler(
          new DataError('WORKER_FAILED', `augmentation worker failed: ${describeError(error)}`, {
            cause: error,
          }),
        ),
      );
      worker.on('exit', (code) => {
        if (!terminating)
          handler(new DataError('WORKER_FAILED', `augmentation worker exited with code ${code}`));
      });
    },
    terminate: () => {
      terminating = true;
      void worker.terminate();
    },
  };
}
