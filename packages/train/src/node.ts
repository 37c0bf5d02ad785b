/** @isotropic/train/node — everything in the main entry plus file output for Node. */
export * from './index.js';
export { MetricsLog } from './node/metrics-log.js';
export { ProgressBar, type ProgressSink, type StepStats } from './node/progress.js';
export { writeReport } from './node/write-report.js';
