/**
 * 32-bit integer mixing used to turn (seed, epoch, index, view, ...) counters
 * into independent generator states. Any counter tuple maps to one state, so
 * randomness never depends on call order, thread or worker count.
 */

/** MurmurHash3's finaliser: a bijection on uint32 with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const LANE_SEEDS = [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344] as const;

/**
 * Hashes a tuple of uint32 words into four uint32 words (a 128-bit state).
 * Each lane absorbs every word with a different starting constant, and the
 * tuple length is mixed in so (1, 0) and (1) differ.
 */
export function hashWords(words: readonly number[]): [number, number, number, number] {
  const out: [number, number, number, number] = [0, 0, 0, 0];
  for (let lane = 0; lane < 4; lane++) {
    let h: number = LANE_SEEDS[lane];
    for (const word of words) {
      h = Math.imul(h ^ (word >>> 0), 0x9e3779b1);
      h = fmix32((h << 13) | (h >>> 19));
    }
    out[lane] = fmix32(h ^ words.length);
  }
  return out;
}

/** Splits a non-negative safe integer seed into (low, high) uint32 words. */
export function seedWords(seed: number): [number, number] {
  return [seed >>> 0, Math.floor(seed / 0x1_0000_0000) >>> 0];
}
