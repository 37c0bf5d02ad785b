/**
 * One LeJEPA training step of the README's default run (`npm start`: cnn_tiny on
 * Fashion-MNIST, 64 images × (2 global 28 px + 4 local 14 px views), SIGReg with 256
 * slices, AdamW), or the same run with another backbone (vit_nano_patch4_28), on this
 * package's CPU backend: TypeScript kernels, wasm on 1 thread, wasm on every core. Times
 * `Trainer.trainStep` only (augmentation runs before the clock starts).
 *
 * Monorepo only: it imports the built @isotropic/data, models and train packages through
 * relative paths (they depend on this package, not the other way round), so run
 * `pnpm build` at the root first. Usage: node bench/lejepa-step.mjs [steps] [model], or
 * `pnpm bench --lejepa` to add it to the report (beside the same step ported to tfjs and
 * jax-js, lejepa-peers.mjs).
 */
import { availableParallelism } from 'node:os';
import { CpuBackend, key, setBackend } from '../dist/index.js';
import { checkModel, DEFAULT_MODEL } from './lejepa-common.mjs';

const workspace = (path) => new URL(`../../${path}`, import.meta.url).href;
const { createLoader, FASHION_MNIST_STATS, loadFashionMnist, multiCrop } = await import(
  workspace('data/dist/node.js')
);
const { batchToTensors } = await import(workspace('data/dist/tensor.js'));
const { createModel } = await import(workspace('models/dist/index.js'));
const { buildProjector, LejepaModel, Trainer } = await import(workspace('train/dist/index.js'));

/**
 * `npm start`'s model (with the backbone `modelName`) and trainer on the current backend, built
 * as packages/train's buildLejepaModel builds them; `overrides` changes the trainer's
 * config (lejepa-check.mjs holds the learning rate constant).
 */
export function isotropicTrainer(numClasses, overrides = {}, modelName = DEFAULT_MODEL) {
  const encoder = createModel(checkModel(modelName), { inChans: 1, key: key(0) });
  const projector = buildProjector(encoder.embedDim, { hiddenDim: 512, outDim: 64 }, 0);
  const model = new LejepaModel(encoder, projector, numClasses, 0);
  const trainer = new Trainer(model, {
    lambda: 0.05,
    numSlices: 256,
    centers: 'global',
    lr: 1e-3,
    weightDecay: 0.05,
    warmupSteps: 100,
    totalSteps: 1000,
    finalLrRatio: 0.01,
    clipGradNorm: 0,
    seed: 0,
    ...overrides,
  });
  return { model, trainer };
}

/** The CPU backend's configurations, labelled as in the GFLOP/s table. */
export function isotropicConfigs() {
  const threads = availableParallelism();
  return [
    ['isotropic TS (fallback)', { simd: false }],
    ['isotropic wasm, 1 thread', { threads: 1 }],
    [`isotropic wasm, ${threads} threads`, { threads }],
  ];
}

/**
 * `npm start`'s data: Fashion-MNIST's training split, and a loader of its batches (64
 * images, 2 global 28 px + 4 local 14 px views, seed 0); `toTensors` turns a batch into
 * the trainer's input on the current backend.
 */
export async function npmStartData() {
  const train = await loadFashionMnist({ split: 'train' });
  const views = multiCrop({
    globalSize: 28,
    localSize: 14,
    globalViews: 2,
    localViews: 4,
    normalize: FASHION_MNIST_STATS,
  });
  return {
    numClasses: train.classNames.length,
    loader: () => createLoader(train, { batchSize: 64, views, seed: 0, dropLast: true }),
    toTensors: batchToTensors,
  };
}

/** Median and best step time (ms) per CPU configuration with backbone `model`, after one warm-up step. */
export async function measureLejepaSteps(steps = 6, model = DEFAULT_MODEL) {
  const rows = [];
  const data = await npmStartData();

  for (const [label, options] of isotropicConfigs()) {
    setBackend(new CpuBackend(options));
    const { model: lejepa, trainer } = isotropicTrainer(data.numClasses, {}, model);
    const loader = data.loader();
    const times = [];
    for await (const batch of loader) {
      const tensors = data.toTensors(batch);
      const t0 = performance.now();
      await trainer.trainStep(tensors);
      times.push(performance.now() - t0);
      for (const t of [tensors.global, tensors.local, tensors.labels]) t?.dispose();
      if (times.length > steps) break;
    }
    await loader.close();
    lejepa.dispose?.();
    // the first step compiles and fills caches; report the median of the rest
    const rest = times.slice(1).sort((a, b) => a - b);
    const median = rest[Math.floor(rest.length / 2)];
    rows.push({ label, median, best: rest[0], steps: rest.length });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const model = process.argv[3] ?? DEFAULT_MODEL;
  for (const r of await measureLejepaSteps(Number(process.argv[2] ?? 6), model)) {
    console.log(
      `${model} ${r.label.padEnd(28)} median step ${r.median.toFixed(0).padStart(6)} ms (best ${r.best.toFixed(0)}), ${((64 / r.median) * 1000).toFixed(0)} images/s`,
    );
  }
  process.exit(0);
}
