import { existsSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BuiltinImageDataset } from '../src/node/builtin-datasets.js';
import { loadFashionMnist, loadMnist } from '../src/node/builtin-datasets.js';
import { resolveCacheDir } from '../src/node/cache-dir.js';

const scratch = mkdtempSync(join(tmpdir(), 'isotropic-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function labelCounts(dataset: BuiltinImageDataset): number[] {
  const counts = new Array(10).fill(0);
  for (let i = 0; i < dataset.length; i++) counts[dataset.labelOf(i)]++;
  return counts;
}

function expectImages(dataset: BuiltinImageDataset, probes: number[]): void {
  for (const i of probes) {
    const { image, label } = dataset.get(i);
    expect([image.channels, image.height, image.width]).toEqual([1, 28, 28]);
    expect(Number.isInteger(label) && (label as number) >= 0 && (label as number) <= 9).toBe(true);
    expect(Math.min(...image.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...image.data)).toBeLessThanOrEqual(1);
    expect(Math.max(...image.data)).toBeGreaterThan(0.2); // not a blank record
  }
}

describe('built-in datasets', () => {
  it('Fashion-MNIST: 60000 train / 10000 test, 6000 / 1000 per class, 1x28x28; the second load hits the cache', async () => {
    const cacheDir = join(scratch, 'fashion');
    const train = await loadFashionMnist({ split: 'train', cacheDir });
    expect(train.info).toMatchObject({ source: 'package', cached: true, droppedRecords: 2 });
    expect(existsSync(train.info.cacheFile)).toBe(true);
    expect(train.length).toBe(60_000);
    expect(labelCounts(train)).toEqual(new Array(10).fill(6000));
    expect(train.classNames[9]).toBe('Ankle boot');
    expectImages(train, [0, 5999, 6000, 59_999]);

    const started = performance.now();
    const test = await loadFashionMnist({ split: 'test', cacheDir });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(test.info.source).toBe('cache');
    expect(test.length).toBe(10_000);
    expect(labelCounts(test)).toEqual(new Array(10).fill(1000));
    expectImages(test, [0, 9999]);

    const all = await loadFashionMnist({ split: 'all', cacheDir });
    expect(all.length).toBe(70_000);
    // Split rule: within each class the first 6000 images are train, the last 1000 test.
    expect(Array.from(all.get(6000).image.data)).toEqual(Array.from(test.get(0).image.data));
    expect(Array.from(all.get(7000).image.data)).toEqual(Array.from(train.get(6000).image.data));
  });

  it('MNIST: 10000 images split 8569 / 1431 by class, labels 0-9; cached copy is identical', async () => {
    const cacheDir = join(scratch, 'mnist');
    const fresh = await loadMnist({ split: 'all', cacheDir });
    expect(fresh.info.source).toBe('package');
    const cached = await loadMnist({ split: 'all', cacheDir });
    expect(cached.info.source).toBe('cache');
    expect(cached.length).toBe(10_000);
    for (const i of [0, 1234, 9999])
      expect(Array.from(cached.get(i).image.data)).toEqual(Array.from(fresh.get(i).image.data));
    const train = await loadMnist({ split: 'train', cacheDir });
    const test = await loadMnist({ split: 'test', cacheDir });
    expect([train.length, test.length]).toEqual([8569, 1431]);
    expect(labelCounts(train).every((n) => n > 700)).toBe(true);
    expectImages(test, [0, 1430]);
  });

  it('rebuilds a damaged cache file instead of failing', async () => {
    const cacheDir = join(scratch, 'damaged');
    const first = await loadMnist({ cacheDir });
    truncateSync(first.info.cacheFile, 100);
    const again = await loadMnist({ cacheDir });
    expect(again.info.source).toBe('package');
    expect((await loadMnist({ cacheDir })).info.source).toBe('cache');
  });

  it('rejects an unknown split, naming the option', async () => {
    await expect(loadMnist({ split: 'validation' as 'test', cacheDir: scratch })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      option: 'split',
    });
  });

  it('resolves the cache folder from option, then ISOTROPIC_CACHE_DIR, then XDG_CACHE_HOME', () => {
    const saved = { iso: process.env.ISOTROPIC_CACHE_DIR, xdg: process.env.XDG_CACHE_HOME };
    try {
      process.env.ISOTROPIC_CACHE_DIR = '/tmp/iso-env';
      process.env.XDG_CACHE_HOME = '/tmp/xdg';
      expect(resolveCacheDir('/tmp/explicit')).toBe('/tmp/explicit');
      expect(resolveCacheDir()).toBe('/tmp/iso-env');
      delete process.env.ISOTROPIC_CACHE_DIR;
      expect(resolveCacheDir()).toBe('/tmp/xdg/isotropic');
      delete process.env.XDG_CACHE_HOME;
      expect(resolveCacheDir()).toMatch(/node_modules\/\.cache\/isotropic$/);
    } finally {
      for (const [key, value] of [
        ['ISOTROPIC_CACHE_DIR', saved.iso],
        ['XDG_CACHE_HOME', saved.xdg],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
