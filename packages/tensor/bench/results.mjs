import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Measurements kept across runs (`--merge <file>`): on a shared machine one run
 * may overlap someone else's load from start to end, so every cell keeps the best
 * of all rounds of all runs, the same way for every library.
 *
 * @typedef {{ median: number, best: number, steps?: number }} StepTime  ms; steps: how many were timed
 * @typedef {{ runs: number, rounds: number, loads: string[], gflops: Record<string, Record<string, number>>, threads: Record<string, number>, lejepa: Record<string, Record<string, StepTime>> }} Results
 *   lejepa: backbone (cnn_tiny, vit_nano_patch4_28) -> configuration label -> step time
 */

/** The one backbone the step had before it was selectable; files from then hold its times by label alone. */
const OLD_STEP_MODEL = 'vit_nano_patch4_28';

/** @returns {Results} */
export function loadResults(path) {
  if (!path || !existsSync(path))
    return { runs: 0, rounds: 0, loads: [], gflops: {}, threads: {}, lejepa: {} };
  const results = JSON.parse(readFileSync(path, 'utf8'));
  const old = Object.entries(results.lejepa ?? {}).filter(([, v]) => typeof v?.median === 'number');
  if (old.length) {
    results.lejepa = Object.fromEntries(
      Object.entries(results.lejepa).filter(([, v]) => typeof v?.median !== 'number'),
    );
    results.lejepa[OLD_STEP_MODEL] = { ...Object.fromEntries(old), ...results.lejepa[OLD_STEP_MODEL] };
  }
  results.lejepa ??= {};
  return results;
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

/** Keeps the faster (by median) LeJEPA step time of a configuration with backbone `model`. */
export function recordStep(results, model, label, time) {
  results.lejepa[model] ??= {};
  const row = results.lejepa[model];
  const old = row[label];
  if (!old || time.median < old.median)
    row[label] = { median: time.median, best: time.best, steps: time.steps };
}
