/**
 * Entry point of a Web Worker augmentation worker (built to
 * dist/augment-worker.browser.js, loaded as a module worker). Browser-only
 * globals are described locally so this file needs no WebWorker lib.
 */

import type { WorkerRequest } from '../loader/protocol.js';
import { createWorkerRuntime } from '../loader/worker-runtime.js';

interface WorkerScope {
  onmessage: ((event: { data: WorkerRequest }) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const handle = createWorkerRuntime();
scope.onmessage = (event) => {
  const output = handle(event.data);
  if (output) scope.postMessage(output.reply, output.transfer);
};
