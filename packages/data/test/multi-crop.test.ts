import { describe, expect, it } from 'vitest';
import { applyMultiCrop, evalViews, multiCrop } from '../src/augment/multi-crop.js';
import { FASHION_MNIST_STATS } from '../src/augment/normalize.js';
import { lejepaViewTransforms } from '../src/augment/recipe.js';
import { DataError } from '../src/errors.js';
import { noiseImage } from './helpers/images.js';

const key = { seed: 1, epoch: 0, index: 5 };

describe('MultiCrop', () => {
  it('defaults to the LeJEPA setting: 2 global views (scale 0.3-1) and 6 local views (scale 0.05-0.3)', () => {
    const spec = multiCrop();
    expect(spec.global.views).toBe(2);
    expect(spec.global.crop.scale).toEqual([0.3, 1]);
    expect(spec.global.crop.size).toEqual([224, 224]);
    expect(spec.local.views).toBe(6);
    expect(spec.local.crop.scale).toEqual([0.05, 0.3]);
    expect(spec.local.crop.size).toEqual([96, 96]);
    expect(spec.global.transforms.map((t) => t.kind)).toEqual(lejepaViewTransforms().map((t) => t.kind));
  });

  it('produces views of the configured sizes and appends Normalize last', () => {
    const spec = multiCrop({ globalSize: 28, localSize: 14, normalize: FASHION_MNIST_STATS });
    expect(spec.global.transforms.at(-1)?.kind).toBe('normalize');
    const views = applyMultiCrop(spec, noiseImage(1, 28, 28, 1), key);
    expect(views.global.map((v) => [v.channels, v.height, v.width])).toEqual([
      [1, 28, 28],
      [1, 28, 28],
    ]);
    expect(views.local).toHaveLength(6);
    for (const view of views.local) expect([view.channels, view.height, view.width]).toEqual([1, 14, 14]);
  });

  it('is deterministic per (seed, epoch, index) and every view differs', () => {
    const spec = multiCrop({ globalSize: 16, localSize: 8 });
    const image = noiseImage(3, 32, 32, 2);
    const flat = (views: ReturnType<typeof applyMultiCrop>) =>
      [...views.global, ...views.local].map((v) => Array.from(v.data));
    const a = flat(applyMultiCrop(spec, image, key));
    expect(flat(applyMultiCrop(spec, image, key))).toEqual(a);
    expect(new Set(a.map((v) => v.join(','))).size).toBe(8);
    expect(flat(applyMultiCrop(spec, image, { ...key, epoch: 1 }))).not.toEqual(a);
    expect(flat(applyMultiCrop(spec, image, { ...key, index: 6 }))).not.toEqual(a);
  });

  it('never modifies the source image', () => {
    const image = noiseImage(3, 20, 20, 3);
    const before = Array.from(image.data);
    applyMultiCrop(multiCrop({ globalSize: 20, localSize: 10 }), image, key);
    expect(Array.from(image.data)).toEqual(before);
  });

  it('evalViews is one deterministic centred view', () => {
    const spec = evalViews(4);
    const image = noiseImage(1, 6, 8, 4);
    const a = applyMultiCrop(spec, image, key);
    const b = applyMultiCrop(spec, image, { seed: 9, epoch: 3, index: 1 });
    expect(a.global).toHaveLength(1);
    expect(a.local).toHaveLength(0);
    expect(Array.from(a.global[0].data)).toEqual(Array.from(b.global[0].data));
  });

  it('rejects bad options with a DataError naming them', () => {
    expect(() => multiCrop({ globalViews: 0 })).toThrowError(/multiCrop\.globalViews/);
    expect(() => multiCrop({ localScale: [0.3, 0.05] })).toThrowError(DataError);
    expect(() => multiCrop({ localSize: 1.5 })).toThrowError(/multiCrop\.localSize/);
  });
});
