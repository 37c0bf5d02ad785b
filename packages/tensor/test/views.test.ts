import { describe, expect, it } from 'vitest';
import {
  arange,
  cpuBackend,
  expandDims,
  full,
  memory,
  reshape,
  slice,
  tensor,
  transpose,
} from '../src/index.js';

describe('views do not copy where the layout allows', () => {
  it('reshape / transpose / slice / expand share storage', () => {
    const x = reshape(arange(24), [2, 3, 4]);
    const before = memory(cpuBackend()).liveStorages;
    const views = [
      reshape(x, [6, 4]),
      transpose(x),
      slice(x, [null, [0, 3, 2], [1, null]]),
      expandDims(x, 1),
      x.broadcastTo([5, 2, 3, 4]),
      reshape(slice(x, [1]), [12]),
    ];
    expect(memory(cpuBackend()).liveStorages).toBe(before);
    expect(views[2]!.arraySync()).toEqual([
      [
        [1, 2, 3],
        [9, 10, 11],
      ],
      [
        [13, 14, 15],
        [21, 22, 23],
      ],
    ]);
    expect(views[5]!.isContiguous).toBe(false);
  });

  it('reshape of a permuted view copies (strides cannot express it) and stays correct', () => {
    const x = reshape(arange(6), [2, 3]);
    const before = memory(cpuBackend()).liveStorages;
    const y = reshape(transpose(x), [6]);
    expect(memory(cpuBackend()).liveStorages).toBe(before + 1);
    expect(Array.from(y.dataSync())).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('full() stores one element and broadcasts it', () => {
    const before = memory(cpuBackend()).liveBytes;
    const z = full([1000, 1000], 2.5);
    expect(memory(cpuBackend()).liveBytes - before).toBe(4);
    expect(z.shape).toEqual([1000, 1000]);
    expect(z.dataSync()[999_999]).toBe(2.5);
  });
});

describe('reading back and printing', () => {
  it('data / array / item', async () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(Array.from(await x.data())).toEqual([1, 2, 3, 4]);
    expect(await x.array()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(await x.sum().item()).toBe(10);
    expect(await tensor([true, false]).array()).toEqual([true, false]);
  });

  it('toString prints like numpy and elides long axes', () => {
    expect(
      tensor([
        [1, 2.5],
        [3, -4],
      ]).toString(),
    ).toBe('tensor([[ 1., 2.5],\n        [ 3., -4.]])');
    expect(tensor([1, 2], undefined, { dtype: 'int32' }).toString()).toBe('tensor([1, 2], dtype=int32)');
    expect(arange(100).toString()).toBe('tensor([ 0.,  1.,  2., ..., 97., 98., 99.])');
    expect(tensor(true).toString()).toBe('tensor(True, dtype=bool)');
  });
});
