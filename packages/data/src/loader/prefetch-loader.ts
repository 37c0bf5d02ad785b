import { DataError } from '../errors.js';
import { requireInteger } from '../validate.js';
import type { BatchPosition, Loader } from './base-loader.js';
import { BaseLoader } from './base-loader.js';
import type { MultiViewBatch } from './batch.js';
import type { LoaderOptions } from './options.js';
import { resolveLoaderOptions } from './options.js';
import type { BatchReply, WorkerReply, WorkerRequest } from './protocol.js';
import { packImages } from './protocol.js';
import type { SampleSource } from './read-samples.js';
import { readSamples } from './read-samples.js';

/**
 * The minimum a loader needs from a worker, so worker_threads, Web Workers
 * and in-test fakes can all be plugged in.
 */
export interface AugmentWorker {
  post(message: WorkerRequest, transfer: ArrayBuffer[]): void;
  /** Registers the handler for replies (called once, before any post). */
  onReply(handler: (reply: WorkerReply) => void): void;
  /** Registers the handler for crashes / failure to start. */
  onFailure(handler: (error: DataError) => void): void;
  terminate(): void;
}

export interface PrefetchOptions {
  /** Number of workers, at least 1. */
  workers: number;
  /** Batches kept in flight ahead of the consumer, default 2 x workers. */
  prefetch?: number;
}

interface Job {
  resolve: (reply: BatchReply) => void;
  reject: (error: DataError) => void;
}

/**
 * Reads samples on the calling thread and farms augmentation out to workers,
 * keeping `prefetch` batches in flight and yielding them strictly in order.
 * Which worker computes a batch never matters: all randomness is keyed by
 * (seed, epoch, index, view), so the output equals the in-process loader's.
 */
class PrefetchingLoader extends BaseLoader {
  private readonly workerCount: number;
  private readonly prefetch: number;
  private abort: (() => void) | null = null;

  constructor(
    private readonly dataset: SampleSource,
    options: LoaderOptions & PrefetchOptions,
    private readonly createWorker: () => AugmentWorker,
  ) {
    super(dataset.length, resolveLoaderOptions(dataset.length, options));
    this.workerCount = requireInteger('workers', options.workers, 1);
    this.prefetch = requireInteger('prefetch', options.prefetch ?? 2 * this.workerCount, 1);
  }

  protected abortProduction(): void {
    this.abort?.();
  }

  protected async *produce(positions: BatchPosition[]): AsyncGenerator<MultiViewBatch, void, undefined> {
    const jobs = new Map<number, Job>();
    const load = new Array<number>(this.workerCount).fill(0);
    let failure: DataError | null = null;
    const failAll = (error: DataError) => {
      failure ??= error;
      for (const job of jobs.values()) job.reject(error);
      jobs.clear();
    };

    const workers = Array.from({ length: this.workerCount }, () => this.createWorker());
    this.abort = () => {
      failAll(new DataError('INVALID_STATE', 'loader: closed while batches were in flight'));
      for (const worker of workers) worker.terminate();
    };
    workers.forEach((worker, w) => {
      worker.onReply((reply) => {
        const job = jobs.get(reply.jobId);
        if (!job) return;
        jobs.delete(reply.jobId);
        load[w]--;
        if (reply.type === 'batch') job.resolve(reply);
        else job.reject(new DataError(reply.code, reply.message, { index: reply.index }));
      });
      worker.onFailure(failAll);
      worker.post({ type: 'init', spec: this.options.views, seed: this.options.seed }, []);
    });

    let nextJobId = 0;
    const submit = async ({ epoch, batchIndex }: BatchPosition): Promise<MultiViewBatch> => {
      const indices = this.plan.batchIndices(epoch, batchIndex);
      const { images, labels } = await readSamples(this.dataset, indices);
      if (failure) throw failure;
      const { shapes, pixels } = packImages(images);
      const jobId = nextJobId++;
      const w = load.indexOf(Math.min(...load));
      load[w]++;
      const reply = new Promise<BatchReply>((resolve, reject) => jobs.set(jobId, { resolve, reject }));
      // Indices are sent as a copy so the batch keeps its own.
      workers[w].post({ type: 'augment', jobId, epoch, indices: indices.slice(), shapes, pixels }, [
        shapes.buffer as ArrayBuffer,
        pixels.buffer as ArrayBuffer,
      ]);
      const { global, local } = await reply;
      return { epoch, batchIndex, indices, labels, global, local };
    };

    const queue: Promise<MultiViewBatch>[] = [];
    let next = 0;
    const refill = () => {
      while (queue.length < this.prefetch && next < positions.length) {
        const pending = submit(positions[next++]);
        // Rejections are observed when the batch's turn comes; this only stops
        // Node from reporting them as unhandled in the meantime.
        pending.catch(() => {});
        queue.push(pending);
      }
    };
    try {
      refill();
      while (queue.length > 0) {
        const batch = await (queue.shift() as Promise<MultiViewBatch>);
        refill();
        yield batch;
      }
    } finally {
      for (const worker of workers) worker.terminate();
      this.abort = null;
    }
  }
}

/** A loader whose augmentation runs on workers made by `createWorker` (see createWorkerLoader / createWebWorkerLoader). */
export function createPrefetchingLoader(
  dataset: SampleSource,
  options: LoaderOptions & PrefetchOptions,
  createWorker: () => AugmentWorker,
): Loader {
  return new PrefetchingLoader(dataset, options, createWorker);
}
