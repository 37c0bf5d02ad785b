/**
 * The only file that knows about @isotropic/tensor: everything else in this
 * package works on plain typed arrays. Exposed as `@isotropic/data/tensor` so
 * the main entry (and the workers) never load the tensor library.
 */
import { tensor } from '@isotropic/tensor';
import type { MultiViewBatch } from './loader/batch.js';

export type BatchTensor = ReturnType<typeof tensor>;

export interface BatchTensors {
  /** float32 [Vg, B, C, Hg, Wg] */
  global: BatchTensor;
  /** float32 [Vl, B, C, Hl, Wl], or null when the spec has no local views. */
  local: BatchTensor | null;
  /** int32 [B], -1 for unlabeled samples. */
  labels: BatchTensor;
}

/** Wraps a batch's arrays as tensors (shapes as documented on MultiViewBatch). */
export function batchToTensors(batch: MultiViewBatch): BatchTensors {
  return {
    global: tensor(batch.global.data, [...batch.global.shape]),
    local: batch.local.shape[0] === 0 ? null : tensor(batch.local.data, [...batch.local.shape]),
    labels: tensor(batch.labels, [batch.labels.length], { dtype: 'int32' }),
  };
}
