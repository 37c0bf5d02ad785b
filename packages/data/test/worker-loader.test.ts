import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebWorkerLike } from '../src/browser/web-worker-loader.js';
import type { Sample } from '../src/image.js';
import { collect, fingerprint } from './helpers/batches.js';
import type { NodeApi } from './helpers/dist.js';
import { distDir, loadDist } from './helpers/dist.js';
import { noiseImage } from './helpers/images.js';

// Runs against dist/ (built by test/setup/build-dist.ts): worker threads need real .js files.
let api: NodeApi;
beforeAll(async () => {
  api = await loadDist();
});

/** A Web Worker look-alike backed by a worker thread running dist/augment-worker.browser.js. */
class ThreadBackedWebWorker implements WebWorkerLike {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  private readonly thread = new Worker(new URL('./fixtures/web-worker-shim.mjs', import.meta.url), {
    workerData: { script: new URL('augment-worker.browser.js', distDir()).href },
  });

  constructor() {
    this.thread.on('message', (data) => this.onmessage?.({ data } as MessageEvent));
    this.thread.on('error', (error) => this.onerror?.({ message: error.message } as ErrorEvent));
  }

  postMessage(message: unknown, transfer: Transferable[]): void {
    this.thread.postMessage(message, transfer as ArrayBuffer[]);
  }

  terminate(): void {
    void this.thread.terminate();
  }
}

describe('worker loaders (built package)', () => {
  it('worker_threads loader yields exactly the in-process batches on Fashion-MNIST, for 1, 2 and 3 workers', async () => {
    const train = await api.loadFashionMnist({ split: 'train' });
    const dataset = api.subset(
      train,
      Array.from({ length: 50 }, (_, i) => i * 997),
    );
    const options = {
      batchSize: 8,
      views: api.multiCrop({ globalSize: 28, localSize: 14, normalize: api.FASHION_MNIST_STATS }),
      seed: 2024,
      epochs: 2,
    };
    const reference = (await collect(api.createLoader(dataset, options))).map(fingerprint);
    expect(reference).toHaveLength(14);
    for (const [workers, prefetch] of [
      [1, 1],
      [2, 4],
      [3, 2],
    ]) {
      const loader = api.createWorkerLoader(dataset, { ...options, workers, prefetch });
      expect((await collect(loader)).map(fingerprint)).toEqual(reference);
    }
  });

  it('resumes a worker loader from a saved state with identical batches', async () => {
    const dataset = api.fromArray<Sample>(
      Array.from({ length: 12 }, (_, i) => ({ image: noiseImage(3, 16, 16, i + 1), label: i })),
    );
    const options = {
      batchSize: 4,
      views: api.multiCrop({ globalSize: 12, localSize: 6 }),
      seed: 5,
      epochs: 2,
    };
    const reference = (await collect(api.createLoader(dataset, options))).map(fingerprint);
    const first = api.createWorkerLoader(dataset, { ...options, workers: 2 });
    await collect(first, 4);
    const state = JSON.parse(JSON.stringify(first.state()));
    const rest = await collect(api.createWorkerLoader(dataset, { ...options, workers: 2, resume: state }));
    expect(rest.map(fingerprint)).toEqual(reference.slice(4));
  });

  it('reports worker-side errors as DataError with the item index', async () => {
    const mixed = api.fromArray<Sample>([
      { image: noiseImage(3, 8, 8, 1) },
      { image: noiseImage(1, 8, 8, 2) },
    ]);
    const loader = api.createWorkerLoader(mixed, {
      batchSize: 2,
      views: api.multiCrop({ globalSize: 4, localSize: 2 }),
      shuffle: false,
      workers: 1,
    });
    const error = await collect(loader).catch((e) => e);
    expect(error).toBeInstanceOf(api.DataError);
    expect(error).toMatchObject({ code: 'SHAPE_MISMATCH', index: 1 });
  });

  it('fails clearly when the worker script is missing', () => {
    const dataset = api.fromArray<Sample>([{ image: noiseImage(1, 4, 4, 1) }]);
    expect(() =>
      api.createWorkerLoader(dataset, {
        batchSize: 1,
        views: api.multiCrop({ globalSize: 4, localSize: 2 }),
        workerUrl: new URL('missing-worker.js', distDir()),
      }),
    ).toThrowError(/missing-worker\.js does not exist/);
  });

  it('the browser worker bundle (Web Worker protocol) yields the same batches', async () => {
    const dataset = api.fromArray<Sample>(
      Array.from({ length: 9 }, (_, i) => ({ image: noiseImage(3, 20, 24, i + 1), label: i % 2 })),
    );
    const options = { batchSize: 4, views: api.multiCrop({ globalSize: 16, localSize: 8 }), seed: 77 };
    const reference = (await collect(api.createLoader(dataset, options))).map(fingerprint);
    const loader = api.createWebWorkerLoader(dataset, {
      ...options,
      workers: 2,
      createWorker: () => new ThreadBackedWebWorker(),
    });
    expect((await collect(loader)).map(fingerprint)).toEqual(reference);
  });
});
