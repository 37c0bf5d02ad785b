import { describe, expect, it } from 'vitest';
import { multiCrop } from '../src/augment/multi-crop.js';
import { fromArray } from '../src/dataset/from-array.js';
import type { Sample } from '../src/image.js';
import { createLoader } from '../src/loader/loader.js';
import { batchToTensors } from '../src/to-tensor.js';
import { collect } from './helpers/batches.js';
import { noiseImage } from './helpers/images.js';

describe('batchToTensors (@isotropic/tensor boundary)', () => {
  it('wraps view groups as float32 [V, B, C, H, W] and labels as int32 [B]', async () => {
    const dataset = fromArray<Sample>([
      { image: noiseImage(3, 10, 10, 1), label: 4 },
      { image: noiseImage(3, 10, 10, 2) },
    ]);
    const views = multiCrop({ globalSize: 6, localSize: 3, localViews: 2 });
    const [batch] = await collect(createLoader(dataset, { batchSize: 2, views, shuffle: false }));
    const tensors = batchToTensors(batch);
    expect(tensors.global.shape).toEqual([2, 2, 3, 6, 6]);
    expect(tensors.global.dtype).toBe('float32');
    expect(Array.from(tensors.global.dataSync())).toEqual(Array.from(batch.global.data));
    expect(tensors.local?.shape).toEqual([2, 2, 3, 3, 3]);
    expect(tensors.labels.dtype).toBe('int32');
    expect(Array.from(tensors.labels.dataSync())).toEqual([4, -1]);
  });

  it('returns null for local views when there are none', async () => {
    const dataset = fromArray<Sample>([{ image: noiseImage(1, 8, 8, 1) }]);
    const views = multiCrop({ globalSize: 4, localSize: 2, localViews: 0 });
    const [batch] = await collect(createLoader(dataset, { batchSize: 1, views }));
    expect(batchToTensors(batch).local).toBeNull();
  });
});
