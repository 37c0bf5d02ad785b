/**
 * `node bench/bench.mjs --check [--check-steps 5]` (or node bench/lejepa-check.mjs [steps]):
 * evidence that the tfjs and jax-js ports do Isotropic's arithmetic, not a test.
 *
 * Isotropic's own model (its initial parameters, read from its state dict) and every
 * port train for a few steps on one fixed random batch, with the same SIGReg directions
 * (@isotropic/sigreg's sampleDirections, seeded by the step as the Trainer seeds them)
 * and a constant learning rate. Prints each step's loss terms side by side; a port passes
 * when its terms are finite, its loss falls from the first step to the last, and its
 * first-step loss (same parameters, same inputs, no update yet) matches Isotropic's to
 * 1e-4 relative (float32 sums in another order; about 1e-7 in practice). Later steps
 * drift apart slowly (up to about 1e-4 after four updates), as float32 rounding
 * differences pass through Adam's division by √v.
 */
import { availableParallelism } from 'node:os';
import { CpuBackend, setBackend, tensor } from '../dist/index.js';
import { fromTorchLayout, LEJEPA, randomBatch } from './lejepa-common.mjs';
import { PORTS } from './lejepa-peers.mjs';
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

/** Isotropic's parameters and its loss terms over `steps` steps on `batch`. */
async function runIsotropic(batch, steps) {
  setBackend(new CpuBackend({ threads: availableParallelism() }));
  const constantLr = { warmupSteps: 0, totalSteps: 1_000_000, finalLrRatio: 1 };
  const { model, trainer } = isotropicTrainer(LEJEPA.classes, constantLr);
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
  const terms = [];
  for (let i = 0; i < steps; i++) {
    const r = await trainer.trainStep(tensors);
    terms.push({ loss: r.loss, sim: r.sim, sigreg: r.sigreg, probe: r.probeLoss });
  }
  for (const t of Object.values(tensors)) t.dispose();
  model.dispose?.();
  return { params: fromTorchLayout(state), terms };
}

const fmt = (r) =>
  `loss ${r.loss.toFixed(5)} (sim ${r.sim.toFixed(4)}, sigreg ${r.sigreg.toFixed(3)}, probe ${r.probe.toFixed(4)})`;

/** Runs the check; resolves to true when every port passes. */
export async function checkLejepaPorts(steps = 5) {
  const batch = randomBatch(0);
  const directions = Array.from({ length: steps }, (_, i) => isotropicDirections(i));
  const isotropic = await runIsotropic(batch, steps);
  const results = [['isotropic wasm', isotropic.terms]];
  for (const port of PORTS) {
    const label = port.label(await port.start());
    const trainer = port.trainer(isotropic.params, batch);
    const terms = [];
    for (let i = 0; i < steps; i++) terms.push(await trainer.step(directions[i]));
    trainer.dispose();
    results.push([label, terms]);
  }
  for (let i = 0; i < steps; i++) {
    console.log(`step ${i}`);
    for (const [label, terms] of results) console.log(`  ${label.padEnd(28)} ${fmt(terms[i])}`);
  }
  let ok = true;
  for (const [label, terms] of results.slice(1)) {
    const finite = terms.every((r) => Object.values(r).every(Number.isFinite));
    const falls = terms.at(-1).loss < terms[0].loss;
    const diff = (i) => Math.abs(terms[i].loss - isotropic.terms[i].loss) / Math.abs(isotropic.terms[i].loss);
    const worst = Math.max(...terms.map((_, i) => diff(i)));
    const pass = finite && falls && diff(0) < 1e-4;
    ok &&= pass;
    console.log(
      `${pass ? 'ok  ' : 'FAIL'} ${label}: finite ${finite}, loss ${terms[0].loss.toFixed(4)} → ${terms.at(-1).loss.toFixed(4)}, ` +
        `relative difference from isotropic: step 0 ${diff(0).toExponential(1)}, worst ${worst.toExponential(1)}`,
    );
  }
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit((await checkLejepaPorts(Number(process.argv[2] ?? 5))) ? 0 : 1);
}
