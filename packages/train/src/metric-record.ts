/** One JSON object per line: step metrics, evaluations and events, appended as training runs. */
export type MetricRecord =
  | {
      kind: 'step';
      step: number;
      epoch: number;
      loss: number;
      sim: number;
      sigreg: number;
      lr: number;
      imagesPerSecond: number;
      time: number;
    }
  | { kind: 'eval'; step: number; epoch: number; probeAccuracy?: number; knnAccuracy?: number; time: number }
  | { kind: 'event'; step: number; message: string; time: number };
