const ALIGN = 64;
const PAGE = 65536;
/** Grow by at least this much, so a run of small allocations does not call grow each time. */
const MIN_GROWTH = 16 * 1024 * 1024;
/** A free block of a larger class may serve a request of up to this factor smaller. */
const MAX_SLACK = 2;

/**
 * Size class of a request: multiples of 64 bytes up to 4 KiB, then eight classes
 * per power of two (at most 12.5% slack). Every class is a multiple of 64, so
 * blocks stay aligned for v128 access and cache lines.
 */
export function sizeClass(bytes: number): number {
  const n = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  if (n <= 4096) return n;
  const step = 2 ** (Math.floor(Math.log2(n)) - 3);
  return Math.ceil(n / step) * step;
}

/**
 * A caching allocator over the wasm memory (as PyTorch's caching allocators):
 * freed blocks go to a free list of their size class and are handed out again;
 * new blocks come from the top, growing the memory when needed. Training loops
 * allocate the same shapes every step, so the steady state reuses blocks and
 * never grows. Wasm memory cannot shrink.
 *
 * Storages may fill the memory only up to `residentLimit`, a part of it: the
 * rest is kept for the temporaries kernels need (packing tables, staged copies),
 * so that when storages no longer fit (a program that never releases tensors)
 * the backend can still run its wasm kernels on ordinary arrays.
 */
export class Heap {
  private top: number;
  private readonly freeLists = new Map<number, number[]>();
  /** Size class of every block handed out, by address. */
  private readonly blockClass = new Map<number, number>();
  private readonly maxBytes: number;
  private readonly residentLimit: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
    maxPages: number,
    /** Called after the memory grew (views of a non-shared memory must be recreated). */
    private readonly onGrow: () => void,
    residentFraction = 0.75,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
    this.maxBytes = maxPages * PAGE;
    this.residentLimit = Math.floor(this.maxBytes * residentFraction);
  }

  /** A block for a storage, or undefined when storages have filled their part of the memory. */
  alloc(bytes: number): number | undefined {
    return this.take(bytes, this.residentLimit);
  }

  /** A block for a kernel's temporary; may use the whole memory. */
  allocTemp(bytes: number): number | undefined {
    return this.take(bytes, this.maxBytes);
  }

  free(addr: number): void {
    const size = this.blockClass.get(addr);
    if (size === undefined) throw new Error(`wasm heap: free of unknown block ${addr}`);
    this.blockClass.delete(addr);
    let list = this.freeLists.get(size);
    if (!list) {
      list = [];
      this.freeLists.set(size, list);
    }
    list.push(addr);
  }

  /** Bytes of memory the heap has taken (blocks in use plus blocks cached for reuse). */
  get reservedBytes(): number {
    return this.top;
  }

  private take(bytes: number, limit: number): number | undefined {
    const size = sizeClass(bytes);
    const cached = this.freeLists.get(size)?.pop();
    if (cached !== undefined) {
      this.blockClass.set(cached, size);
      return cached;
    }
    return this.grow(size, limit) ?? this.reuseLarger(size, MAX_SLACK * size);
  }

  /** When the memory is full: a cached block of a larger class, up to maxSize (the smallest such). */
  private reuseLarger(size: number, maxSize: number): number | undefined {
    let best: number | undefined;
    for (const [cls, list] of this.freeLists) {
      if (list.length > 0 && cls >= size && cls <= maxSize && (best === undefined || cls < best)) best = cls;
    }
    if (best === undefined) return undefined;
    const addr = this.freeLists.get(best)!.pop()!;
    this.blockClass.set(addr, best);
    return addr;
  }

  private grow(size: number, limit: number): number | undefined {
    const addr = this.top;
    if (addr + size > limit || !this.ensure(addr + size)) return undefined;
    this.top = addr + size;
    this.blockClass.set(addr, size);
    return addr;
  }

  private ensure(end: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return true;
    if (end > this.maxBytes) return false;
    const want = Math.min(this.maxBytes, Math.max(end, have + Math.max(MIN_GROWTH, have / 4)));
    try {
      this.memory.grow(Math.ceil((want - have) / PAGE));
    } catch {
      // the host refused (address space or OS memory): try the bare minimum once
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch {
        return false;
      }
    }
    this.onGrow();
    return true;
  }
}
