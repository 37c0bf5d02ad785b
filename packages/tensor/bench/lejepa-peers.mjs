/**
 * The LeJEPA step of lejepa-step.mjs in the other libraries: the tfjs port on
 * tfjs-backend-wasm and on tfjs-backend-cpu, and the jax-js port on its wasm backend.
 * Each starts from the same host-side parameters and random batch (lejepa-common.mjs),
 * draws fresh SIGReg directions inside every timed step as Isotropic's trainStep does,
 * and is timed the same way: one warm-up step, then the median and best of the rest.
 * Usage: node bench/lejepa-peers.mjs [steps] [tfjs-cpu steps] [model], or `pnpm bench --lejepa`.
 */
import { DEFAULT_MODEL, initialParams, randomBatch, randomDirections, timeSteps } from './lejepa-common.mjs';
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

/** The ports named in `names` (PORTS' `name`s, comma-separated), or all of them. */
export function selectPorts(names) {
  if (!names) return PORTS;
  const wanted = names.split(',');
  for (const name of wanted) {
    if (!PORTS.some((p) => p.name === name))
      throw new Error(`unknown port '${name}' (expected ${PORTS.map((p) => p.name).join(', ')})`);
  }
  return PORTS.filter((p) => wanted.includes(p.name));
}

/**
 * Median and best step time (ms) of the ports (default all) with backbone `model`.
 * tfjs-backend-cpu takes tens of seconds to minutes a step on the reference machine, so it
 * gets `cpuSteps` timed steps (default 2). `plainMatMulGrad` times tfjs with its own matmul
 * gradient; `tfjsIm2col` writes cnn_tiny's convs as im2col + matmul on tfjs-backend-cpu too
 * (labelled so), instead of its tf.conv2d (see lejepa-tfjs.mjs).
 */
export async function measurePeerLejepaSteps(
  steps = 6,
  {
    model = DEFAULT_MODEL,
    ports = PORTS,
    cpuSteps = Math.min(steps, 2),
    plainMatMulGrad = false,
    tfjsIm2col = false,
  } = {},
) {
  const params = initialParams(model, 0);
  const batch = randomBatch(0);
  const rows = [];
  for (const port of ports) {
    const im2col = tfjsIm2col && port.name === 'tfjs-cpu' && model === 'cnn_tiny';
    const label = `${port.label(await port.start())}${im2col ? ' (conv as im2col)' : ''}`;
    const trainer = port.trainer(params, batch, {
      model,
      plainMatMulGrad,
      ...(im2col && { convAsMatMul: true }),
    });
    const n = port.name === 'tfjs-cpu' ? cpuSteps : steps;
    const t = await timeSteps((i) => trainer.step(randomDirections(i)), n);
    trainer.dispose();
    console.error(
      `LeJEPA step ${model} ${label.padEnd(28)} median ${t.median.toFixed(0).padStart(6)} ms, best ${t.best.toFixed(0)} (first ${t.first.toFixed(0)}, ${n} timed)`,
    );
    rows.push({ label, median: t.median, best: t.best, steps: n });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const steps = Number(process.argv[2] ?? 6);
  await measurePeerLejepaSteps(steps, {
    cpuSteps: Number(process.argv[3] ?? Math.min(steps, 2)),
    model: process.argv[4] ?? DEFAULT_MODEL,
  });
  process.exit(0);
}
