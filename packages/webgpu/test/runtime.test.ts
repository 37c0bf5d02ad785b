import { expect, it } from 'vitest';
import { BufferPool } from '../src/runtime/buffer-pool.js';
import { formatBytes } from '../src/runtime/format-bytes.js';
import { grid1d } from '../src/runtime/grid.js';
import { sizeClass } from '../src/runtime/size-class.js';
import { coalesce } from '../src/wgsl/strided.js';

it('size classes: 4 per power of two, at most 25% waste, multiples of 16', () => {
  expect([1, 256, 257, 300, 1024, 1025, 1300, 2048].map(sizeClass)).toEqual([
    256, 256, 320, 320, 1024, 1280, 1536, 2048,
  ]);
  for (let b = 1; b < 1e7; b = Math.ceil(b * 1.37) + 3) {
    const c = sizeClass(b);
    expect(c).toBeGreaterThanOrEqual(b);
    expect(c % 16).toBe(0);
    if (b > 256) expect(c / b).toBeLessThanOrEqual(1.25);
  }
});

it('grid1d folds large dispatches into two dimensions within the limit', () => {
  expect(grid1d(10, 65535)).toEqual([10, 1]);
  expect(grid1d(0, 65535)).toEqual([1, 1]);
  const [x, y] = grid1d(200_000, 65535);
  expect(x).toBeLessThanOrEqual(65535);
  expect(x * y).toBeGreaterThanOrEqual(200_000);
  expect(() => grid1d(65536 * 65536, 65535)).toThrow(RangeError);
});

it('formatBytes is exact and readable', () => {
  expect(formatBytes(100)).toBe('100 bytes');
  expect(formatBytes(134217728)).toBe('134,217,728 bytes (128 MiB)');
  expect(formatBytes(1536)).toBe('1,536 bytes (1.5 KiB)');
});

it('coalesce merges dims contiguous in every operand and drops size-1 dims', () => {
  expect(coalesce([2, 3, 4], [[12, 4, 1]])).toEqual([[24], [[1]]]);
  expect(
    coalesce(
      [2, 1, 3],
      [
        [3, 99, 1],
        [0, 0, 1],
      ],
    ),
  ).toEqual([
    [2, 3],
    [
      [3, 1],
      [0, 1],
    ],
  ]);
  expect(coalesce([4, 5], [[1, 4]])).toEqual([[4, 5], [[1, 4]]]);
});

/** Fake buffers: the pool only reads `size` and hands them to create/retire. */
function fakePool(maxPooledBytes = 1 << 20) {
  const created: { size: number }[] = [];
  const retired: unknown[] = [];
  const pool = new BufferPool({
    usage: 0,
    maxPooledBytes,
    maxBufferBytes: 1 << 30,
    create: (size) => {
      const b = { size } as GPUBuffer;
      created.push(b);
      return b;
    },
    retire: (b) => retired.push(b),
  });
  return { pool, created, retired };
}

it('the buffer pool reuses by size class, but not for host uploads in the batch that released it', () => {
  const { pool, created } = fakePool();
  const a = pool.acquire(1000, 1, false);
  expect(a.size).toBe(1024);
  pool.release(a, 1);
  expect(pool.count).toBe(1);
  // same batch, upload: must not get `a` (queued commands may still read it)
  const b = pool.acquire(1000, 1, true);
  expect(b).not.toBe(a);
  // same batch, kernel output: safe (commands run in order)
  expect(pool.acquire(900, 1, false)).toBe(a);
  pool.release(a, 1);
  // a later batch: safe for uploads too
  expect(pool.acquire(1000, 2, true)).toBe(a);
  expect(created).toHaveLength(2);
});

it('the buffer pool retires what exceeds its byte budget', () => {
  const { pool, retired } = fakePool(2048);
  const bufs = [pool.acquire(1024, 1, false), pool.acquire(1024, 1, false), pool.acquire(1024, 1, false)];
  for (const b of bufs) pool.release(b, 1);
  expect(pool.count).toBe(2);
  expect(pool.bytes).toBe(2048);
  expect(retired).toHaveLength(1);
  pool.clear();
  expect(retired).toHaveLength(3);
  expect(pool.count).toBe(0);
});
