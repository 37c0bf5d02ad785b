/**
 * Where one LeJEPA training step's time goes on the CPU backend, by backend call:
 * wraps every method of a CpuBackend to time it (the CPU backend's kernels run
 * synchronously, so a call's wall time is its kernel's), then runs 2 warm-up and
 * 5 timed steps of `npm start`'s configuration. Prints the calls by total time.
 *
 * Monorepo only, like lejepa-step.mjs (run `pnpm build` at the root first).
 * Usage: node bench/lejepa-profile.mjs [model] [threads], e.g. cnn_tiny 2.
 */
import { availableParallelism } from 'node:os';
import { CpuBackend, setBackend } from '../dist/index.js';
import { isotropicTrainer, npmStartData } from './lejepa-step.mjs';

const model = process.argv[2] ?? 'cnn_tiny';
const threads = Number(process.argv[3] ?? availableParallelism());
const WARMUP = 2;
const TIMED = 5;

/** Replaces each prototype method of `backend` by a timed wrapper; returns the totals by label. */
function instrument(backend) {
  const totals = new Map();
  const proto = Object.getPrototypeOf(backend);
  for (const name of Object.getOwnPropertyNames(proto)) {
    const method = proto[name];
    if (typeof method !== 'function' || name === 'constructor') continue;
    backend[name] = function (...args) {
      // unary / binary / reduce: label by the op they run
      const label = ['unary', 'binary', 'reduce'].includes(name) ? `${name}:${args[0]}` : name;
      const start = performance.now();
      const result = method.apply(this, args);
      const entry = totals.get(label) ?? { calls: 0, ms: 0 };
      entry.calls++;
      entry.ms += performance.now() - start;
      totals.set(label, entry);
      return result;
    };
  }
  return totals;
}

const backend = new CpuBackend({ threads });
const totals = instrument(backend);
setBackend(backend);
const data = await npmStartData();
const { trainer } = isotropicTrainer(data.numClasses, {}, model);
const loader = data.loader();
let step = 0;
let timedMs = 0;
for await (const batch of loader) {
  const tensors = data.toTensors(batch);
  if (step === WARMUP) totals.clear();
  const start = performance.now();
  await trainer.trainStep(tensors);
  if (step >= WARMUP) timedMs += performance.now() - start;
  if (++step === WARMUP + TIMED) break;
}
const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
const inCalls = rows.reduce((s, [, e]) => s + e.ms, 0);
console.log(
  `${model}, ${threads} threads: ${(timedMs / TIMED).toFixed(1)} ms per step, ${(inCalls / TIMED).toFixed(1)} ms of it in backend calls`,
);
console.log('| backend call | ms per step | calls per step |\n| --- | ---: | ---: |');
for (const [label, e] of rows.slice(0, 25))
  console.log(`| ${label} | ${(e.ms / TIMED).toFixed(1)} | ${e.calls / TIMED} |`);
process.exit(0);
