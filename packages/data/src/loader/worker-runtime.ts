import { DataError, describeError } from '../errors.js';
import { augmentBatch } from './augment-batch.js';
import type { AugmentRequest, InitRequest, WorkerReply, WorkerRequest } from './protocol.js';
import { unpackImages } from './protocol.js';

export interface RuntimeOutput {
  reply: WorkerReply;
  transfer: ArrayBuffer[];
}

/**
 * The environment-independent body of an augmentation worker: the Node and
 * browser worker entries only adapt how messages arrive and leave.
 * Returns null for messages that need no reply (init).
 */
export function createWorkerRuntime(): (request: WorkerRequest) => RuntimeOutput | null {
  let config: InitRequest | null = null;
  return (request) => {
    if (request.type === 'init') {
      config = request;
      return null;
    }
    return runJob(config, request);
  };
}

function runJob(config: InitRequest | null, request: AugmentRequest): RuntimeOutput {
  try {
    if (!config)
      throw new DataError('WORKER_FAILED', 'augmentation worker received a job before its init message');
    const images = unpackImages(request.shapes, request.pixels);
    const { global, local } = augmentBatch(config.spec, images, request.indices, config.seed, request.epoch);
    return {
      reply: { type: 'batch', jobId: request.jobId, global, local },
      transfer: [global.data.buffer as ArrayBuffer, local.data.buffer as ArrayBuffer],
    };
  } catch (error) {
    const reply: WorkerReply =
      error instanceof DataError
        ? {
            type: 'error',
            jobId: request.jobId,
            code: error.code,
            message: error.message,
            index: error.index,
          }
        : {
            type: 'error',
            jobId: request.jobId,
            code: 'WORKER_FAILED',
            message: `augmentation worker crashed: ${describeError(error)}`,
          };
    return { reply, transfer: [] };
  }
}
