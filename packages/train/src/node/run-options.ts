import { DEFAULT_GLOBAL_SCALE, DEFAULT_LOCAL_SCALE } from '@isotropic/data';
import type { BackendChoice } from '@isotropic/webgpu';

/** Per-view augmentation recipes `runTraining` knows (see RunOptions.augment). */
export const AUGMENT_RECIPES = ['lejepa', 'light'] as const;

/** Everything `isotropic train` (and `runTraining`) accepts; see defaultRunOptions for values. */
export interface RunOptions {
  data: string;
  model: string;
  backend: BackendChoice;
  epochs: number;
  batchSize: number;
  /** Stop after this many steps (0: run all epochs). */
  maxSteps: number;
  lr: number;
  weightDecay: number;
  warmupSteps: number;
  lambda: number;
  numSlices: number;
  centers: 'global' | 'all';
  globalViews: number;
  localViews: number;
  /** Per-view transforms after the crop: the LeJEPA paper's recipe, or a milder one for small grayscale images. */
  augment: (typeof AUGMENT_RECIPES)[number];
  /** Area fraction ranges of the global and local random resized crops. */
  globalScale: readonly [number, number];
  localScale: readonly [number, number];
  /** Global/local crop sizes; 0 picks from the image size (28/14 for 28 px data). */
  globalSize: number;
  localSize: number;
  projDim: number;
  projHidden: number;
  seed: number;
  out: string;
  checkpointEvery: number;
  resume: boolean;
  /** Augmentation worker threads (0: augment in-process). */
  workers: number;
  trainLimit: number;
  testLimit: number;
  /** Training images the final linear probe / kNN fit on (evenly spaced; 0: all). */
  evalLimit: number;
  /** Side of stored images when reading a folder. */
  imageSize: number;
  /** Measure the raw-pixel and random-init baselines with the same probe. */
  baselines: boolean;
  /** Run the final evaluation (linear probe, kNN). */
  evaluate: boolean;
  quiet: boolean;
}

export const defaultRunOptions: RunOptions = {
  data: 'fashion-mnist',
  model: 'cnn_tiny',
  backend: 'auto',
  epochs: 1,
  batchSize: 64,
  maxSteps: 0,
  lr: 1e-3,
  weightDecay: 0.05,
  warmupSteps: 100,
  lambda: 0.05,
  numSlices: 256,
  centers: 'global',
  globalViews: 2,
  localViews: 4,
  augment: 'lejepa',
  globalScale: DEFAULT_GLOBAL_SCALE,
  localScale: DEFAULT_LOCAL_SCALE,
  globalSize: 0,
  localSize: 0,
  projDim: 64,
  projHidden: 512,
  seed: 0,
  out: 'runs/latest',
  checkpointEvery: 200,
  resume: false,
  workers: 1,
  trainLimit: 0,
  testLimit: 0,
  evalLimit: 10000,
  imageSize: 64,
  baselines: true,
  evaluate: true,
  quiet: false,
};
