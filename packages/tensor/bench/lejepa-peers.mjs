/**
 * The LeJEPA step of lejepa-step.mjs in the other libraries: the tfjs port on
 * tfjs-backend-wasm and on tfjs-backend-cpu, and the jax-js port on its wasm backend.
 * Each starts from the same host-side parameters and random batch (lejepa-common.mjs),
 * draws fresh SIGReg directions inside every timed step as Isotropic's trainStep does,
 * and is timed the same way: one warm-up step, then the median and best of the rest.
 * Usage: node bench/lejepa-peers.mjs [steps] [tfjs-cpu steps], or `pnpm bench --lejepa`.
 */
import { initialParams, randomBatch, randomDirections, timeSteps } from './lejepa-common.mjs';
import { jaxLejepaTrainer, useJaxWasm } from './lejepa-jax.mjs';
import { tfjsLejepaTrainer, useTfjsBackend } from './lejepa-tfjs.mjs';

/** The ports, labelled; `start` selects the backend and returns its thread count. */
export const PORTS = [
  {
    name: 'tfjs-wasm',
    label: (threads) => `tfjs-backend-wasm, ${threads} thread${threads > 1 ? 's' : ''}`,
    start: () => useTfjsBackend('wasm'),
    trainer: tfjsLejepaTrainer,
  },
  {
    name: 'tfjs-cpu',
    label: () => 'tfjs-backend-cpu',
    start: () => useTfjsBackend('cpu'),
    trainer: tfjsLejepaTrainer,
  },
  { name: 'jax-wasm', label: () => 'jax-js wasm, 1 thread', start: useJaxWasm, trainer: jaxLejepaTrainer },
];

/**
 * Median and best step time (ms) of every port. tfjs-backend-cpu takes about 40 s a step
 * on the reference machine, so it gets `cpuSteps` timed steps (default 2).
 * `plainMatMulGrad` times tfjs with its own matmul gradient (see lejepa-tfjs.mjs).
 */
export async function measurePeerLejepaSteps(
  steps = 6,
  { cpuSteps = Math.min(steps, 2), plainMatMulGrad = false } = {},
) {
  const params = initialParams(0);
  const batch = randomBatch(0);
  const rows = [];
  for (const port of PORTS) {
    const label = port.label(await port.start());
    const trainer = port.trainer(params, batch, { plainMatMulGrad });
    const n = port.name === 'tfjs-cpu' ? cpuSteps : steps;
    const t = await timeSteps((i) => trainer.step(randomDirections(i)), n);
    trainer.dispose();
    console.error(
      `LeJEPA step ${label.padEnd(28)} median ${t.median.toFixed(0).padStart(6)} ms, best ${t.best.toFixed(0)} (first ${t.first.toFixed(0)}, ${n} timed)`,
    );
    rows.push({ label, median: t.median, best: t.best, steps: n });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const steps = Number(process.argv[2] ?? 6);
  await measurePeerLejepaSteps(steps, { cpuSteps: Number(process.argv[3] ?? Math.min(steps, 2)) });
  process.exit(0);
}
