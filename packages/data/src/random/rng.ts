import { hashWords } from './hash.js';

/**
 * Small fast generator (Chris Doty-Humphrey's SFC32) seeded from a counter
 * tuple. Not cryptographic; chosen because it is tiny, has no bad seeds once
 * warmed up, and produces the same stream on every JS engine.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Builds a generator whose state is a hash of `counters` (uint32 words). */
  static fromCounters(counters: readonly number[]): Rng {
    const [a, b, c, d] = hashWords(counters);
    return new Rng(a, b, c, d);
  }

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
    // A few rounds so states that differ in one word diverge immediately.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  /** Uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p (p = 0 never, p = 1 always). */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }
}
