/**
 * Best wall time of `run` over `repeats` runs after one warm-up, in milliseconds. The
 * minimum rather than the median: on a shared machine other processes only ever add
 * time, so the fastest run is the closest to the code's own cost.
 */
export async function bestMs(run: () => Promise<void>, repeats: number): Promise<number> {
  await run(); // warm-up: JIT, buffer pools, pipeline compilation on WebGPU
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * Fewer repeats for the big shapes, so that the whole table takes a few minutes; many
 * for the sub-millisecond ones, whose best run is otherwise at the mercy of one
 * scheduler hiccup on a 2-core machine.
 */
export function repeatsFor(work: number): number {
  if (work >= 1e9) return 5;
  if (work >= 1e8) return 9;
  return 15;
}
