import { describe, expect, it } from 'vitest';
import { concat } from '../src/dataset/concat.js';
import { fromArray } from '../src/dataset/from-array.js';
import { map } from '../src/dataset/map.js';
import { decodePackedImages, encodePackedImages } from '../src/dataset/packed-format.js';
import { PackedImageDataset } from '../src/dataset/packed-images.js';
import { perClassSplit } from '../src/dataset/per-class-split.js';
import { split } from '../src/dataset/split.js';
import { subset } from '../src/dataset/subset.js';
import { DataError } from '../src/errors.js';

const numbers = fromArray([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
const all = <T>(dataset: { length: number; get(i: number): T }) =>
  Array.from({ length: dataset.length }, (_, i) => dataset.get(i));

describe('dataset composition', () => {
  it('subset picks the given indices in order', () => {
    expect(all(subset(numbers, [3, 0, 3]))).toEqual([13, 10, 13]);
  });

  it('subset rejects out-of-range and fractional indices, naming the position', () => {
    expect(() => subset(numbers, [0, 10])).toThrowError(/indices\[1\] = 10/);
    expect(() => subset(numbers, [1.5])).toThrowError(DataError);
  });

  it('get() outside [0, length) is an INDEX_OUT_OF_RANGE DataError', () => {
    try {
      numbers.get(10);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).code).toBe('INDEX_OUT_OF_RANGE');
      expect((error as DataError).message).toContain('[0, 10)');
    }
  });

  it('split with counts is contiguous without a seed', () => {
    const [a, b] = split(numbers, [7, 3]);
    expect(all(a)).toEqual([10, 11, 12, 13, 14, 15, 16]);
    expect(all(b)).toEqual([17, 18, 19]);
  });

  it('split with fractions distributes the remainder to the first parts', () => {
    expect(split(numbers, [1 / 3, 1 / 3, 1 / 3]).map((part) => part.length)).toEqual([4, 3, 3]);
  });

  it('seeded split is a reproducible shuffle that covers everything exactly once', () => {
    const first = split(numbers, [0.5, 0.5], { seed: 42 }).map(all);
    const again = split(numbers, [0.5, 0.5], { seed: 42 }).map(all);
    expect(first).toEqual(again);
    expect([...first[0], ...first[1]].sort()).toEqual(all(numbers));
    expect(first[0]).not.toEqual([10, 11, 12, 13, 14]);
    expect(split(numbers, [0.5, 0.5], { seed: 43 }).map(all)).not.toEqual(first);
  });

  it('split rejects sizes that do not add up', () => {
    expect(() => split(numbers, [5, 4])).toThrowError(/summing to the dataset length 10/);
  });

  it('concat chains datasets and map transforms lazily with the index', () => {
    const joined = concat(fromArray([1, 2]), fromArray<number>([]), fromArray([3]));
    expect(all(joined)).toEqual([1, 2, 3]);
    expect(() => joined.get(3)).toThrowError(DataError);
    let calls = 0;
    const doubled = map(joined, (value, index) => {
      calls++;
      return value * 2 + index / 10;
    });
    expect(calls).toBe(0);
    expect(doubled.get(2)).toBeCloseTo(6.2);
    expect(calls).toBe(1);
  });
});

describe('packed images', () => {
  const packed = {
    count: 3,
    channels: 1,
    height: 2,
    width: 2,
    pixels: Uint8Array.from([0, 255, 51, 102, 1, 2, 3, 4, 9, 9, 9, 9]),
    labels: Int32Array.from([2, -1, 0]),
  };

  it('returns float images in [0, 1] and labels only when present', () => {
    const dataset = new PackedImageDataset(packed, ['a', 'b', 'c']);
    const first = dataset.get(0);
    expect(Array.from(first.image.data)).toEqual([0, 1, 0.2, 0.4].map((v) => Math.fround(v)));
    expect(first.label).toBe(2);
    expect(dataset.get(1).label).toBeUndefined();
    expect(new PackedImageDataset(packed, [], Int32Array.from([2])).get(0).label).toBe(0);
  });

  it('round-trips through the binary format and rejects truncated files', () => {
    const bytes = encodePackedImages(packed);
    const decoded = decodePackedImages(bytes, 'mem');
    expect(decoded.count).toBe(3);
    expect(Array.from(decoded.pixels)).toEqual(Array.from(packed.pixels));
    expect(Array.from(decoded.labels)).toEqual([2, -1, 0]);
    expect(() => decodePackedImages(bytes.subarray(0, bytes.length - 1), 'cut.bin')).toThrowError(
      /cut\.bin: not a valid packed image file/,
    );
    const wrongMagic = bytes.slice();
    wrongMagic[0] = 0;
    expect(() => decodePackedImages(wrongMagic, 'x')).toThrowError(/bad magic/);
  });

  it('perClassSplit takes the first floor(n x fraction) of each class', () => {
    const labels = Int32Array.from([0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0]);
    const { first, second } = perClassSplit(labels, 6 / 7);
    // class 0 has 7 items -> first 6 go first; class 1 has 4 -> floor(3.43) = 3.
    expect(Array.from(first)).toEqual([0, 1, 2, 3, 4, 5, 7, 8, 9]);
    expect(Array.from(second)).toEqual([6, 10]);
  });
});
