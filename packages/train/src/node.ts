/** @isotropic/train/node — everything in the main entry plus file output for Node. */
export * from './index.js';
export { buildEncoder, buildLejepaModel } from './node/build-model.js';
export {
  type EmbeddedSet,
  type EmbedOptions,
  embedDataset,
  embedWithEncoder,
  pixelEmbed,
} from './node/embed-dataset.js';
export { MetricsLog } from './node/metrics-log.js';
export { evenlySpaced, type OpenedData, openData } from './node/open-data.js';
export { ProgressBar, type ProgressSink, type StepStats } from './node/progress.js';
export { type RestoredRun, restoreRun } from './node/restore-run.js';
export { defaultRunOptions, type RunOptions } from './node/run-options.js';
export { type RunSummary, runTraining } from './node/run-training.js';
export { writeReport } from './node/write-report.js';
