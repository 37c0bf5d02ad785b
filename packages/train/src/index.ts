export { type KnnOptions, knnAccuracy } from './knn.js';
export { type MetricRecord, MetricsLog } from './metrics-log.js';
export { pca2d } from './pca.js';
export {
  type LinearProbeOptions,
  type LinearProbeResult,
  linearProbe,
  maxLabel,
  rawPixels,
} from './probe.js';
export { ProgressBar, type ProgressSink, type StepStats } from './progress.js';
export { type ReportInput, renderReport, writeReport } from './report.js';
export { lineChart, type Series, scatterPlot } from './svg-plots.js';
