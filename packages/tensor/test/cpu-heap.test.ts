import { describe, expect, it } from 'vitest';
import { Heap, sizeClass } from '../src/cpu/runtime/heap.js';

describe('the wasm heap (caching allocator)', () => {
  it('rounds requests to 64-byte aligned size classes with at most 12.5% slack above 4 KiB', () => {
    expect(sizeClass(0)).toBe(64);
    expect(sizeClass(65)).toBe(128);
    expect(sizeClass(4096)).toBe(4096);
    for (const n of [4097, 10_000, 123_457, 5_000_000]) {
      const c = sizeClass(n);
      expect(c).toBeGreaterThanOrEqual(n);
      expect(c % 64).toBe(0);
      expect(c / n).toBeLessThanOrEqual(1.125 + 1e-9);
    }
  });

  it('reuses freed blocks of the same class, grows the memory when needed, and fails cleanly at its maximum', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    let grew = 0;
    const heap = new Heap(memory, 1000, 2, () => grew++);
    const a = heap.alloc(100)!;
    expect(a % 64).toBe(0);
    expect(a).toBeGreaterThanOrEqual(1000);
    const b = heap.alloc(100)!;
    expect(b).not.toBe(a);
    heap.free(a);
    expect(heap.alloc(90)).toBe(a);
    expect(heap.allocTemp(70_000)).toBeDefined();
    expect(grew).toBe(1);
    expect(heap.allocTemp(200_000)).toBeUndefined();
    expect(() => heap.free(12345)).toThrow(/unknown block/);
  });

  it('keeps a quarter of the memory for temporaries, and reuses a larger cached block when full', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const heap = new Heap(memory, 0, 4, () => {});
    // storages may take 3 of the 4 pages
    const big = heap.alloc(150_000)!;
    expect(heap.alloc(60_000)).toBeUndefined();
    const temp = heap.allocTemp(60_000);
    expect(temp).toBeDefined();
    // memory full: a freed block of a larger class serves a smaller request
    heap.free(big);
    expect(heap.alloc(100_000)).toBe(big);
    expect(heap.alloc(60_000)).toBeUndefined();
  });
});
