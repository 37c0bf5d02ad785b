import { readFileSync } from 'node:fs';
import { deserializeSafetensors, loadCheckpoint } from '@isotropic/nn';
import { ValueError } from '@isotropic/tensor';
import type { LejepaModel } from '../core/lejepa-model.js';
import { buildLejepaModel } from './build-model.js';
import { type OpenedData, openData } from './open-data.js';
import { defaultRunOptions, type RunOptions } from './run-options.js';

export interface RestoredRun {
  options: RunOptions;
  model: LejepaModel;
  data: OpenedData;
}

/**
 * Rebuilds a trained model from a checkpoint alone: the run's options travel
 * in the checkpoint's metadata, so eval/embed need no other flags.
 */
export async function restoreRun(
  path: string,
  overrides: { data?: string; trainLimit?: number; testLimit?: number } = {},
): Promise<RestoredRun> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    throw new ValueError(`--checkpoint: cannot read '${path}'`);
  }
  const { metadata, tensors } = deserializeSafetensors(bytes);
  for (const t of Object.values(tensors)) t.dispose();
  const saved = metadata['isotropic.options'];
  if (!saved)
    throw new ValueError(`--checkpoint: '${path}' was not written by isotropic train (no isotropic.options)`);
  const options: RunOptions = { ...defaultRunOptions, ...(JSON.parse(saved) as Partial<RunOptions>) };
  const data = await openData(overrides.data ?? options.data, {
    trainLimit: overrides.trainLimit || undefined,
    testLimit: overrides.testLimit || undefined,
    imageSize: options.imageSize,
  });
  const model = buildLejepaModel(options, data);
  loadCheckpoint(bytes, { model });
  return { options, model, data };
}
