/**
 * @isotropic/train — browser-safe: the Trainer, the LeJEPA model wrapper,
 * evaluation (linear probe, kNN, PCA) and report rendering. File output,
 * the CLI driver and progress bars are in `@isotropic/train/node`.
 */
export { crossEntropy } from './core/cross-entropy.js';
export type { Encoder } from './core/encoder.js';
export { NonFiniteLossError } from './core/errors.js';
export { buildProjector, LejepaModel, type ProjectorOptions } from './core/lejepa-model.js';
export { type BatchTensors, type StepResult, Trainer, type TrainerConfig } from './core/trainer.js';
export { type KnnOptions, knnAccuracy } from './knn.js';
export type { MetricRecord } from './metric-record.js';
export { pca2d } from './pca.js';
export {
  type LinearProbeOptions,
  type LinearProbeResult,
  linearProbe,
  maxLabel,
  rawPixels,
} from './probe.js';
export { type ReportInput, renderReport } from './report.js';
export { lineChart, type Series, scatterPlot } from './svg-plots.js';
