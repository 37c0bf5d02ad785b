import { describe, expect, it } from 'vitest';
import { multiCrop } from '../src/augment/multi-crop.js';
import { fromArray } from '../src/dataset/from-array.js';
import { DataError } from '../src/errors.js';
import type { Sample } from '../src/image.js';
import { createLoader } from '../src/loader/loader.js';
import type { LoaderState } from '../src/loader/state.js';
import { collect, fingerprint } from './helpers/batches.js';
import { noiseImage } from './helpers/images.js';

const samples: Sample[] = Array.from({ length: 10 }, (_, i) => ({
  image: noiseImage(3, 12, 12, i + 1),
  label: i % 3,
}));
const dataset = fromArray(samples);
const views = multiCrop({ globalSize: 8, localSize: 4, globalViews: 2, localViews: 3 });

describe('in-process loader', () => {
  it('yields view groups shaped (V, B, C, H, W) with labels and indices', async () => {
    const [batch] = await collect(createLoader(dataset, { batchSize: 4, views, seed: 1 }), 1);
    expect(batch.global.shape).toEqual([2, 4, 3, 8, 8]);
    expect(batch.global.data).toHaveLength(2 * 4 * 3 * 8 * 8);
    expect(batch.local.shape).toEqual([3, 4, 3, 4, 4]);
    expect(batch.local.data).toHaveLength(3 * 4 * 3 * 4 * 4);
    expect(Array.from(batch.labels)).toEqual(Array.from(batch.indices).map((i) => i % 3));
  });

  it('visits every index once per epoch, with a different order each epoch', async () => {
    const loader = createLoader(dataset, { batchSize: 4, views, seed: 1, epochs: 2 });
    expect(loader.batchesPerEpoch).toBe(3);
    const batches = await collect(loader);
    expect(batches.map((b) => [b.epoch, b.batchIndex, b.indices.length])).toEqual([
      [0, 0, 4],
      [0, 1, 4],
      [0, 2, 2],
      [1, 0, 4],
      [1, 1, 4],
      [1, 2, 2],
    ]);
    const epochOrder = (epoch: number) =>
      batches.filter((b) => b.epoch === epoch).flatMap((b) => Array.from(b.indices));
    expect([...epochOrder(0)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...epochOrder(1)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epochOrder(0)).not.toEqual(epochOrder(1));
  });

  it('drops the last incomplete batch with dropLast and keeps order without shuffle', async () => {
    const batches = await collect(
      createLoader(dataset, { batchSize: 4, views, dropLast: true, shuffle: false }),
    );
    expect(batches.map((b) => Array.from(b.indices))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
  });

  it('the same seed gives identical batches; another seed does not', async () => {
    const run = async (seed: number) =>
      (await collect(createLoader(dataset, { batchSize: 3, views, seed, epochs: 2 }))).map(fingerprint);
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(await run(8)).not.toEqual(first);
  });

  it('resumes from a JSON-saved state at exactly the next batch', async () => {
    const options = { batchSize: 3, views, seed: 3, epochs: 3 };
    const reference = (await collect(createLoader(dataset, options))).map(fingerprint);

    const interrupted = createLoader(dataset, options);
    expect(interrupted.state()).toMatchObject({ epoch: 0, batchIndex: 0 });
    let saved = '';
    let seen = 0;
    for await (const _batch of interrupted) {
      seen++;
      saved = JSON.stringify(interrupted.state());
      if (seen === 5) break; // "killed" after training on 5 batches
    }
    const state = JSON.parse(saved) as LoaderState;
    expect(state).toMatchObject({ epoch: 1, batchIndex: 1 });
    const resumed = (await collect(createLoader(dataset, { ...options, resume: state }))).map(fingerprint);
    expect(resumed).toEqual(reference.slice(5));
  });

  it('continues from its own position when iterated again after a break', async () => {
    const options = { batchSize: 4, views, seed: 2, epochs: 2 };
    const reference = (await collect(createLoader(dataset, options))).map(fingerprint);
    const loader = createLoader(dataset, options);
    const head = (await collect(loader, 2)).map(fingerprint);
    const tail = (await collect(loader)).map(fingerprint);
    expect([...head, ...tail]).toEqual(reference);
  });

  it('close() ends the iteration in progress after the current batch', async () => {
    const loader = createLoader(dataset, { batchSize: 2, views, epochs: 3 });
    let seen = 0;
    for await (const _batch of loader) {
      if (++seen === 2) await loader.close();
    }
    expect(seen).toBe(2);
    expect(loader.state()).toMatchObject({ epoch: 0, batchIndex: 2 });
    expect((await collect(loader, 1))[0]).toMatchObject({ epoch: 0, batchIndex: 2 });
  });

  it('refuses a state saved for a different configuration, naming the field', () => {
    const state = createLoader(dataset, { batchSize: 4, views }).state();
    expect(() => createLoader(dataset, { batchSize: 5, views, resume: state })).toThrowError(/batchSize = 4/);
    expect(() =>
      createLoader(dataset, { batchSize: 4, views, resume: { ...state, batchIndex: 3 } }),
    ).toThrowError(/not valid for 3 batches per epoch/);
  });

  it('rejects two simultaneous iterations', async () => {
    const loader = createLoader(dataset, { batchSize: 2, views });
    const first = loader[Symbol.asyncIterator]();
    await first.next();
    await expect(loader[Symbol.asyncIterator]().next()).rejects.toThrowError(/already being iterated/);
    await first.return?.(undefined);
  });

  it('validates options and data with typed errors', async () => {
    expect(() => createLoader(dataset, { batchSize: 0, views })).toThrowError(
      /`batchSize` must be an integer >= 1/,
    );
    expect(() => createLoader(fromArray<Sample>([]), { batchSize: 1, views })).toThrowError(
      /dataset is empty/,
    );
    expect(() => createLoader(dataset, { batchSize: 11, views, dropLast: true })).toThrowError(DataError);
    const mixed = fromArray<Sample>([{ image: noiseImage(3, 8, 8, 1) }, { image: noiseImage(1, 8, 8, 2) }]);
    const error = await collect(createLoader(mixed, { batchSize: 2, views, shuffle: false })).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).code).toBe('SHAPE_MISMATCH');
    expect((error as DataError).index).toBe(1);
  });

  it('marks unlabeled samples with -1 and accepts async datasets', async () => {
    const asyncDataset = {
      length: 3,
      get: async (i: number): Promise<Sample> => ({ image: noiseImage(1, 6, 6, i + 1) }),
    };
    const [batch] = await collect(createLoader(asyncDataset, { batchSize: 3, views }));
    expect(Array.from(batch.labels)).toEqual([-1, -1, -1]);
  });
});
