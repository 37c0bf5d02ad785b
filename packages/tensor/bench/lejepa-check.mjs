/**
 * `node bench/bench.mjs --check [--check-steps 5] [--lejepa-model cnn_tiny|vit_nano_patch4_28|all]`
 * [--lejepa-ports …] (or node bench/lejepa-check.mjs [steps] [model|all] [ports]): evidence that the tfjs and jax-js
 * ports do Isotropic's arithmetic, not a test. The model defaults to cnn_tiny, the README's.
 *
 * Isotropic's own model (its initial parameters, read from its state dict) and every
 * port train for a few steps on one fixed random batch, with the same SIGReg directions
 * (@isotropic/sigreg's sampleDirections, seeded by the step as the Trainer seeds them)
 * and a constant learning rate. Prints each step's loss terms side by side; a port passes
 * when its terms are finite, its loss falls from the first step to the last, and its
 * first-step loss (same parameters, same inputs, no update yet) matches Isotropic's to
 * 1e-5 relative (float32 sums in another order; at most 2e-7 in practice, with either
 * backbone). Later steps drift apart slowly, as float32 rounding differences pass through
 * Adam's division by √v: up to about 1e-4 after four updates with the ViT, about 2e-4
 * after two with cnn_tiny. Each step's wall time is printed too (a port's first step
 * includes compiling: minutes for jax-js with cnn_tiny).
 */
import { availableParallelism } from 'node:os';
import { CpuBackend, setBackend, tensor } from '../dist/index.js';
import { DEFAULT_MODEL, fromTorchLayout, LEJEPA, MODELS, randomBatch } from './lejepa-common.mjs';
import { PORTS, selectPorts } from './lejepa-peers.mjs';
import { isotropicTrainer } from './lejepa-step.mjs';

const { sampleDirections } = await import(new URL('../../sigreg/dist/index.js', import.meta.url).href);

/** The directions Isotropic's Trainer draws at `step` (its seed 0 makes the SIGReg seed the step). */
function isotropicDirections(step) {
  const a = sampleDirections(LEJEPA.projOut, LEJEPA.slices, step);
  try {
    return Float32Array.from(a.dataSync());
  } finally {
    a.dispose();
  }
}

/** Isotropic's parameters (ports' layout) and its loss terms over `steps` steps on `batch`, with backbone `modelName`. */
async function runIsotropic(batch, steps, modelName) {
  setBackend(new CpuBackend({ threads: availableParallelism() }));
  const constantLr = { warmupSteps: 0, totalSteps: 1_000_000, finalLrRatio: 1 };
  const { model, trainer } = isotropicTrainer(LEJEPA.classes, constantLr, modelName);
  const state = new Map();
  for (const [name, t] of Object.entries(model.stateDict())) {
    state.set(name, { shape: t.shape, data: t.dataSync() });
    t.dispose();
  }
  const tensors = {
    global: tensor(batch.global, batch.globalShape),
    local: tensor(batch.local, batch.localShape),
    labels: tensor(batch.labels, [LEJEPA.batch], { dtype: 'int32' }),
  };
  const terms = await timed(steps, async () => {
    const r = await trainer.trainStep(tensors);
    return { loss: r.loss, sim: r.sim, sigreg: r.sigreg, probe: r.probeLoss };
  });
  for (const t of Object.values(tensors)) t.dispose();
  model.dispose?.();
  return { params: fromTorchLayout(state, modelName), terms };
}

const fmt = (r) =>
  `loss ${r.loss.toFixed(5)} (sim ${r.sim.toFixed(4)}, sigreg ${r.sigreg.toFixed(3)}, probe ${r.probe.toFixed(4)})`;

/**
 * Runs the check with each of `models` (names, or 'all') and `ports` (default all);
 * resolves to true when every port passes.
 */
export async function checkLejepaPorts(steps = 5, models = [DEFAULT_MODEL], ports = PORTS) {
  let ok = true;
  for (const model of models.includes('all') ? MODELS : models) {
    console.log(`${model}: ${steps} steps from Isotropic's initial parameters`);
    ok = (await checkModelPorts(steps, model, ports)) && ok;
  }
  return ok;
}

/** Runs `step(i)` for i < steps; its results, each with the step's wall time `ms` (the first includes compiling). */
async function timed(steps, step) {
  const terms = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const r = await step(i);
    terms.push({ ...r, ms: performance.now() - t0 });
  }
  return terms;
}

/** The check with one backbone. */
async function checkModelPorts(steps, model, ports) {
  const batch = randomBatch(0);
  const directions = Array.from({ length: steps }, (_, i) => isotropicDirections(i));
  const isotropic = await runIsotropic(batch, steps, model);
  const results = [['isotropic wasm', isotropic.terms]];
  for (const port of ports) {
    const label = port.label(await port.start());
    const trainer = port.trainer(isotropic.params, batch, { model });
    results.push([label, await timed(steps, (i) => trainer.step(directions[i]))]);
    trainer.dispose();
  }
  for (let i = 0; i < steps; i++) {
    console.log(`step ${i}`);
    for (const [label, terms] of results)
      console.log(`  ${label.padEnd(28)} ${fmt(terms[i])}, ${terms[i].ms.toFixed(0).padStart(6)} ms`);
  }
  let ok = true;
  for (const [label, terms] of results.slice(1)) {
    const finite = terms.every((r) => [r.loss, r.sim, r.sigreg, r.probe].every(Number.isFinite));
    const falls = terms.at(-1).loss < terms[0].loss;
    const diff = (i) => Math.abs(terms[i].loss - isotropic.terms[i].loss) / Math.abs(isotropic.terms[i].loss);
    const worst = Math.max(...terms.map((_, i) => diff(i)));
    const pass = finite && falls && diff(0) < 1e-5;
    ok &&= pass;
    console.log(
      `${pass ? 'ok  ' : 'FAIL'} ${label}: finite ${finite}, loss ${terms[0].loss.toFixed(4)} → ${terms.at(-1).loss.toFixed(4)}, ` +
        `relative difference from isotropic: step 0 ${diff(0).toExponential(1)}, worst ${worst.toExponential(1)}`,
    );
  }
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const models = (process.argv[3] ?? DEFAULT_MODEL).split(',');
  const ports = selectPorts(process.argv[4]);
  process.exit((await checkLejepaPorts(Number(process.argv[2] ?? 5), models, ports)) ? 0 : 1);
}
