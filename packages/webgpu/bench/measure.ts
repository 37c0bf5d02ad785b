/** One prepared benchmark case: inputs live on the device, `run` enqueues one evaluation. */
export interface Case {
  /** Enqueues the computation once; returns its output handle. */
  run(): unknown;
  /**
   * Waits until every output has been computed, ending with a readback of the
   * last one (the fence). Eager libraries finish in queue order, so reading the
   * last output is enough; a lazy one (jax-js) must first realise them all.
   */
  fence(outs: readonly unknown[]): Promise<void>;
  dispose(out: unknown): void;
  /** Frees the inputs. */
  close(): void;
}

export interface Timing {
  /** Median seconds per evaluation. */
  readonly seconds: number;
  readonly runs: number;
}

const now = () => performance.now() / 1000;

/**
 * Times a case: two warm-up evaluations (pipeline compilation, pool growth),
 * then `reps` measurements of `iters` back-to-back evaluations closed by one
 * readback fence; reports the median per evaluation. `iters` is chosen so a
 * measurement takes about `targetSeconds`, amortising the fence.
 */
export async function timeCase(c: Case, reps = 5, targetSeconds = 0.4): Promise<Timing> {
  let single = Number.POSITIVE_INFINITY;
  for (let w = 0; w < 2; w++) {
    const t0 = now();
    const out = c.run();
    await c.fence([out]);
    single = Math.min(single, now() - t0);
    c.dispose(out);
  }
  const iters = Math.max(1, Math.min(50, Math.round(targetSeconds / Math.max(single, 1e-4))));
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const outs: unknown[] = [];
    const t0 = now();
    for (let i = 0; i < iters; i++) outs.push(c.run());
    await c.fence(outs);
    samples.push((now() - t0) / iters);
    for (const o of outs) c.dispose(o);
  }
  samples.sort((a, b) => a - b);
  return { seconds: samples[Math.floor(samples.length / 2)]!, runs: reps * iters };
}

/** Deterministic pseudo-random floats in [-1, 1) (the same inputs for every library). */
export function randomFloats(n: number, seed = 1): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
