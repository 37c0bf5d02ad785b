/**
 * Entry point of a worker_threads augmentation worker (built to
 * dist/augment-worker.node.js). All logic lives in the shared runtime.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerRequest } from '../loader/protocol.js';
import { createWorkerRuntime } from '../loader/worker-runtime.js';

const port = parentPort;
if (!port) throw new Error('augment-worker.node.js must be started as a worker thread');
const handle = createWorkerRuntime();
port.on('message', (request: WorkerRequest) => {
  const output = handle(request);
  if (output) port.postMessage(output.reply, output.transfer);
});
