/** Wall-clock timing that is robust to a shared machine: warm up, then the best of several batches. */

const now = () => performance.now();

/**
 * Seconds per call of `fn` (sync or async): warm-up until JITs have tiered up
 * (at least 2 calls and 150 ms), then the fastest of `batches` batches of calls,
 * each batch about `batchMs` long. Calls slower than 2 s get two timed runs only.
 */
export async function secondsPerCall(fn, { batches = 5, batchMs = 120 } = {}) {
  let t0 = now();
  await fn();
  const first = now() - t0;
  if (first > 2000) {
    t0 = now();
    await fn();
    return Math.min(first, now() - t0) / 1000;
  }
  const warmUntil = now() + 150;
  let single = first;
  for (let calls = 1; calls < 2 || now() < warmUntil; calls++) {
    t0 = now();
    await fn();
    single = Math.min(single, now() - t0);
  }
  const reps = Math.max(1, Math.round(batchMs / Math.max(single, 0.005)));
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < batches; b++) {
    t0 = now();
    for (let i = 0; i < reps; i++) await fn();
    best = Math.min(best, (now() - t0) / reps);
  }
  return best / 1000;
}

/** Uniform random floats in [-1, 1), seeded (mulberry32) so every library gets the same inputs. */
export function randomFloats(n, seed) {
  const out = new Float32Array(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
