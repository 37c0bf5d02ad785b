import { createModel } from '@isotropic/models';
import { key } from '@isotropic/tensor';
import type { Encoder } from '../core/encoder.js';
import { buildProjector, LejepaModel } from '../core/lejepa-model.js';
import type { OpenedData } from './open-data.js';
import type { RunOptions } from './run-options.js';

/** The encoder a run trains: the registry model, initialised from the run's seed. */
export function buildEncoder(
  o: Pick<RunOptions, 'model' | 'seed'>,
  data: Pick<OpenedData, 'channels'>,
): Encoder {
  return createModel(o.model, { inChans: data.channels, key: key(o.seed) });
}

/** Encoder + projector + online probe, exactly as `runTraining` builds them (so checkpoints load). */
export function buildLejepaModel(
  o: Pick<RunOptions, 'model' | 'seed' | 'projHidden' | 'projDim'>,
  data: Pick<OpenedData, 'channels' | 'classNames'>,
): LejepaModel {
  const encoder = buildEncoder(o, data);
  const projector = buildProjector(encoder.embedDim, { hiddenDim: o.projHidden, outDim: o.projDim }, o.seed);
  return new LejepaModel(encoder, projector, data.classNames.length, o.seed);
}
