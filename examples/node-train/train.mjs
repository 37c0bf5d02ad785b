// LeJEPA from the building blocks: the same loop `isotropic train` runs, in ~50 lines.
// Usage: node train.mjs [steps]   (WebGPU via Dawn when an adapter exists, else CPU)
import { createLoader, FASHION_MNIST_STATS, loadFashionMnist, multiCrop } from '@isotropic/data/node';
import { batchToTensors } from '@isotropic/data/tensor';
import { createModel } from '@isotropic/models';
import { describeIsotropy } from '@isotropic/sigreg';
import { key, noGrad, scope, slice } from '@isotropic/tensor';
import { buildProjector, LejepaModel, Trainer } from '@isotropic/train';
import { initBackend } from '@isotropic/webgpu';

const steps = Number(process.argv[2] ?? 30);
await initBackend('auto'); // logs which backend it picked and why

const train = await loadFashionMnist({ split: 'train' });
const encoder = createModel('cnn_tiny', { inChans: 1, key: key(0) });
const projector = buildProjector(encoder.embedDim, { hiddenDim: 256, outDim: 32 }, 0);
const model = new LejepaModel(encoder, projector, train.classNames.length, 0);
const trainer = new Trainer(model, {
  lambda: 0.05, // loss = (1 - lambda) * sim + lambda * SIGReg
  numSlices: 256,
  centers: 'global',
  lr: 1e-3,
  weightDecay: 0.05,
  warmupSteps: Math.min(10, steps),
  totalSteps: steps,
  finalLrRatio: 0.01,
  clipGradNorm: 0,
  seed: 0,
});

// 2 global 28 px views + 4 local 16 px views per image, normalised like Fashion-MNIST
const views = multiCrop({
  globalSize: 28,
  localSize: 16,
  globalViews: 2,
  localViews: 4,
  normalize: FASHION_MNIST_STATS,
});
const loader = createLoader(train, { batchSize: 32, views, seed: 0, dropLast: true });
for await (const batch of loader) {
  const tensors = batchToTensors(batch);
  const r = await trainer.trainStep(tensors);
  for (const t of [tensors.global, tensors.local, tensors.labels]) t?.dispose();
  console.log(
    `step ${r.step}  loss ${r.loss.toFixed(4)}  sim ${r.sim.toFixed(4)}  sigreg ${r.sigreg.toFixed(4)}  probe acc ${(r.probeAccuracy ?? 0).toFixed(3)}`,
  );
  if (trainer.step >= steps) break;
}
await loader.close();

// How isotropic are the embeddings now? (no labels needed)
const probeBatch = await createLoader(train, { batchSize: 256, views, seed: 1 })
  [Symbol.asyncIterator]()
  .next();
const line = await noGrad(() =>
  scope(async () => describeIsotropy(encoder.embed(slice(batchToTensors(probeBatch.value).global, [0])))),
);
console.log(line);
