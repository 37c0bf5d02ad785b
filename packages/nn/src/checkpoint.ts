import { type Backend, scope, type Tensor } from '@isotropic/tensor';
import { SafetensorsError } from './errors.js';
import type { AnyModule } from './module.js';
import type { Optimizer, OptimizerState } from './optim/optimizer.js';
import { deserializeSafetensors, serializeSafetensors } from './safetensors/tensors.js';

type AnyOptimizer = Pick<Optimizer<{ lr: number }>, 'state' | 'loadState'>;

export interface CheckpointParts {
  readonly model: Pick<AnyModule, 'stateDict' | 'loadStateDict'>;
  readonly optimizer?: AnyOptimizer;
  /** Extra strings to store (step number, config, ...). */
  readonly metadata?: Readonly<Record<string, string>>;
}

const MODEL = 'model.';
const OPTIMIZER = 'optimizer.';
const OPTIMIZER_META = 'isotropic.optimizer';

/**
 * One safetensors file for resuming training: the model's state dict under
 * `model.`, the optimiser's slot tensors under `optimizer.` and its
 * hyperparameters and step counts as JSON in the metadata.
 */
export async function serializeCheckpoint(parts: CheckpointParts): Promise<ArrayBuffer> {
  const tensors: Record<string, Tensor> = {};
  const metadata: Record<string, string> = { ...parts.metadata };
  const snapshots: Tensor[] = [];
  for (const [k, t] of Object.entries(parts.model.stateDict())) {
    tensors[MODEL + k] = t;
    snapshots.push(t);
  }
  if (parts.optimizer) {
    const { tensors: slots, ...meta } = parts.optimizer.state();
    for (const [k, t] of Object.entries(slots)) {
      tensors[OPTIMIZER + k] = t;
      snapshots.push(t);
    }
    metadata[OPTIMIZER_META] = JSON.stringify(meta);
  }
  try {
    return await serializeSafetensors(tensors, metadata);
  } finally {
    for (const t of snapshots) t.dispose();
  }
}

/** Restores what serializeCheckpoint stored (strictly) and returns its metadata. */
export function loadCheckpoint(
  file: ArrayBuffer | ArrayBufferView,
  parts: Omit<CheckpointParts, 'metadata'> & { readonly backend?: Backend },
): Record<string, string> {
  return scope(() => {
    const { tensors, metadata } = deserializeSafetensors(file, { backend: parts.backend });
    const pick = (prefix: string) =>
      Object.fromEntries(
        Object.entries(tensors)
          .filter(([k]) => k.startsWith(prefix))
          .map(([k, t]) => [k.slice(prefix.length), t]),
      );
    parts.model.loadStateDict(pick(MODEL));
    if (parts.optimizer) {
      const meta = metadata[OPTIMIZER_META];
      if (!meta)
        throw new SafetensorsError(`loadCheckpoint: the file has no optimiser state ('${OPTIMIZER_META}')`);
      const state = { ...(JSON.parse(meta) as Omit<OptimizerState, 'tensors'>), tensors: pick(OPTIMIZER) };
      parts.optimizer.loadState(state);
    }
    const { [OPTIMIZER_META]: _, ...rest } = metadata;
    return rest;
  });
}
