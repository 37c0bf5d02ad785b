import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Measurements kept across runs (`--merge <file>`): on a shared machine one run
 * may overlap someone else's load from start to end, so every cell keeps the best
 * of all rounds of all runs, the same way for every library.
 *
 * @typedef {{ median: number, best: number, steps?: number }} StepTime  ms; steps: how many were timed
 * @typedef {{ runs: number, rounds: number, loads: string[], gflops: Record<string, Record<string, number>>, threads: Record<string, number>, lejepa: Record<string, StepTime> }} Results
 */

/** @returns {Results} */
export function loadResults(path) {
  if (path && existsSync(path)) return JSON.parse(readFileSync(path, 'utf8'));
  return { runs: 0, rounds: 0, loads: [], gflops: {}, threads: {}, lejepa: {} };
}

export function saveResults(path, results) {
  if (path) writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

/** Keeps the higher GFLOP/s of a cell. */
export function recordRate(results, problem, label, rate) {
  results.gflops[problem] ??= {};
  const row = results.gflops[problem];
  row[label] = Math.max(row[label] ?? 0, rate);
}

/** Keeps the faster (by median) LeJEPA step time of a configuration. */
export function recordStep(results, label, time) {
  const old = results.lejepa[label];
  if (!old || time.median < old.median) results.lejepa[label] = time;
}
