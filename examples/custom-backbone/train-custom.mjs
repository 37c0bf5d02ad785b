// Register a custom backbone, then train it with the same code path as the
// built-in models: runTraining is what `isotropic train` calls.
import { registerBackbone } from '@isotropic/models';
import { runTraining } from '@isotropic/train/node';
import { TinyCNN } from './tiny-cnn.mjs';

registerBackbone('tiny_cnn', (options) => new TinyCNN(options), {
  description: 'three 3x3 conv blocks + global average pooling (example)',
});

const summary = await runTraining({
  model: 'tiny_cnn',
  data: 'fashion-mnist',
  backend: 'cpu',
  maxSteps: Number(process.argv[2] ?? 60),
  batchSize: 32,
  trainLimit: 4000,
  testLimit: 1000,
  localSize: 16,
  workers: 0,
  out: 'runs/custom-backbone',
});
console.log(summary);
