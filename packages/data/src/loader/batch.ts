/**
 * What a loader yields. Global and local views have different sizes, so they
 * cannot share one array; each family is its own dense block:
 *
 *   global.data  shape [Vg, B, C, Hg, Wg]   (view-major: all samples of view 0, then view 1, ...)
 *   local.data   shape [Vl, B, C, Hl, Wl]   (Vl may be 0: then data is empty)
 *   labels       [B] int32, -1 where the sample has no label
 *   indices      [B] int32, the dataset index of each sample
 *
 * Element (v, b, c, y, x) of a group lives at ((((v * B + b) * C + c) * H + y) * W + x).
 */
export interface ViewGroup {
  data: Float32Array;
  shape: [views: number, batch: number, channels: number, height: number, width: number];
}

export interface MultiViewBatch {
  /** Epoch this batch belongs to (0-based). */
  epoch: number;
  /** Position of this batch within its epoch (0-based). */
  batchIndex: number;
  indices: Int32Array;
  labels: Int32Array;
  global: ViewGroup;
  local: ViewGroup;
}
