import { describe, expect, it } from 'vitest';
import { multiCrop } from '../src/augment/multi-crop.js';
import { fromArray } from '../src/dataset/from-array.js';
import { DataError } from '../src/errors.js';
import type { Sample } from '../src/image.js';
import { createLoader } from '../src/loader/loader.js';
import type { AugmentWorker } from '../src/loader/prefetch-loader.js';
import { createPrefetchingLoader } from '../src/loader/prefetch-loader.js';
import type { WorkerReply } from '../src/loader/protocol.js';
import { createWorkerRuntime } from '../src/loader/worker-runtime.js';
import { collect, fingerprint } from './helpers/batches.js';
import { noiseImage } from './helpers/images.js';

/**
 * An in-process stand-in for a worker: runs the real worker runtime but
 * replies after a random delay, so jobs finish out of order.
 */
function delayedWorker(random: () => number, log: { started: number; terminated: number }): AugmentWorker {
  const handle = createWorkerRuntime();
  let reply: (message: WorkerReply) => void = () => {};
  log.started++;
  return {
    post: (message) => {
      const output = handle(structuredClone(message));
      if (output) setTimeout(() => reply(output.reply), Math.floor(random() * 8));
    },
    onReply: (handler) => {
      reply = handler;
    },
    onFailure: () => {},
    terminate: () => {
      log.terminated++;
    },
  };
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const dataset = fromArray<Sample>(
  Array.from({ length: 21 }, (_, i) => ({ image: noiseImage(1, 10, 10, i + 1), label: i % 4 })),
);
const options = {
  batchSize: 4,
  views: multiCrop({ globalSize: 8, localSize: 4, localViews: 2 }),
  seed: 11,
  epochs: 2,
};

describe('prefetching loader core', () => {
  it('yields exactly the in-process batches whatever the worker count, prefetch depth and reply order', async () => {
    const reference = (await collect(createLoader(dataset, options))).map(fingerprint);
    for (const [workers, prefetch, seed] of [
      [1, 1, 1],
      [2, 3, 2],
      [3, 8, 3],
    ]) {
      const log = { started: 0, terminated: 0 };
      const random = seededRandom(seed);
      const loader = createPrefetchingLoader(dataset, { ...options, workers, prefetch }, () =>
        delayedWorker(random, log),
      );
      expect((await collect(loader)).map(fingerprint)).toEqual(reference);
      expect(log).toEqual({ started: workers, terminated: workers });
    }
  });

  it('advances state only for batches handed out, and terminates workers on break', async () => {
    const log = { started: 0, terminated: 0 };
    const loader = createPrefetchingLoader(dataset, { ...options, workers: 2, prefetch: 6 }, () =>
      delayedWorker(seededRandom(5), log),
    );
    await collect(loader, 3);
    expect(loader.state()).toMatchObject({ epoch: 0, batchIndex: 3 });
    expect(log.terminated).toBe(2);
  });

  it('turns a worker-side DataError into a DataError on the consumer side', async () => {
    const mixed = fromArray<Sample>([{ image: noiseImage(3, 8, 8, 1) }, { image: noiseImage(1, 8, 8, 2) }]);
    const loader = createPrefetchingLoader(
      mixed,
      { ...options, batchSize: 2, shuffle: false, workers: 1 },
      () => delayedWorker(seededRandom(1), { started: 0, terminated: 0 }),
    );
    const error = await collect(loader).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ code: 'SHAPE_MISMATCH', index: 1 });
  });

  it('close() ends an iteration that is waiting on workers', async () => {
    const log = { started: 0, terminated: 0 };
    const silent = (): AugmentWorker => {
      log.started++;
      return {
        post: () => {},
        onReply: () => {},
        onFailure: () => {},
        terminate: () => {
          log.terminated++;
        },
      };
    };
    const loader = createPrefetchingLoader(dataset, { ...options, workers: 2 }, silent);
    setTimeout(() => void loader.close(), 20);
    expect(await collect(loader)).toEqual([]);
    expect(log.started).toBe(2);
    expect(log.terminated).toBeGreaterThanOrEqual(2);
    expect(loader.state()).toMatchObject({ epoch: 0, batchIndex: 0 });
  });

  it('rejects a crashed worker as WORKER_FAILED instead of hanging', async () => {
    const crashing = (): AugmentWorker => {
      let fail: (error: DataError) => void = () => {};
      return {
        post: (message) => {
          if (message.type === 'augment')
            setTimeout(() => fail(new DataError('WORKER_FAILED', 'worker died')), 1);
        },
        onReply: () => {},
        onFailure: (handler) => {
          fail = handler;
        },
        terminate: () => {},
      };
    };
    const loader = createPrefetchingLoader(dataset, { ...options, workers: 2 }, crashing);
    await expect(collect(loader)).rejects.toMatchObject({ code: 'WORKER_FAILED' });
  });
});
