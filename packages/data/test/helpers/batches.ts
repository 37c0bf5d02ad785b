import type { Loader } from '../../src/loader/base-loader.js';
import type { MultiViewBatch } from '../../src/loader/batch.js';

export async function collect(loader: Loader, limit = Number.POSITIVE_INFINITY): Promise<MultiViewBatch[]> {
  const batches: MultiViewBatch[] = [];
  for await (const batch of loader) {
    batches.push(batch);
    if (batches.length >= limit) break;
  }
  return batches;
}

/** A compact, exact fingerprint of a batch for equality checks (bytes, not approximate floats). */
export function fingerprint(batch: MultiViewBatch): string {
  const bytes = (array: Float32Array | Int32Array) =>
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
  return [
    batch.epoch,
    batch.batchIndex,
    batch.global.shape.join('x'),
    batch.local.shape.join('x'),
    bytes(batch.indices),
    bytes(batch.labels),
    bytes(batch.global.data),
    bytes(batch.local.data),
  ].join('|');
}
