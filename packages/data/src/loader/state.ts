import { DataError } from '../errors.js';

/**
 * A loader's position, as plain JSON-serialisable data. `epoch`/`batchIndex`
 * name the *next* batch to be yielded; the other fields record what the
 * position refers to and are checked when resuming, so a state saved for one
 * dataset or batch size cannot silently be applied to another.
 */
export interface LoaderState {
  epoch: number;
  batchIndex: number;
  seed: number;
  datasetLength: number;
  batchSize: number;
  shuffle: boolean;
  dropLast: boolean;
}

/** Throws STATE_MISMATCH naming the first field that differs between a saved state and the loader. */
export function checkResumable(saved: LoaderState, current: LoaderState, batchesPerEpoch: number): void {
  const fields = ['seed', 'datasetLength', 'batchSize', 'shuffle', 'dropLast'] as const;
  for (const field of fields) {
    if (saved[field] !== current[field]) {
      throw new DataError(
        'STATE_MISMATCH',
        `cannot resume: the saved loader state has ${field} = ${String(saved[field])} but this loader has ${field} = ${String(current[field])}`,
        { option: `resume.${field}` },
      );
    }
  }
  const positionOk =
    Number.isInteger(saved.epoch) &&
    saved.epoch >= 0 &&
    Number.isInteger(saved.batchIndex) &&
    saved.batchIndex >= 0 &&
    saved.batchIndex < batchesPerEpoch;
  if (!positionOk) {
    throw new DataError(
      'STATE_MISMATCH',
      `cannot resume: saved position epoch ${saved.epoch}, batch ${saved.batchIndex} is not valid for ${batchesPerEpoch} batches per epoch`,
      { option: 'resume.batchIndex' },
    );
  }
}
