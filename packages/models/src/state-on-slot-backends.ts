import type { AnyModule, StateDictInput } from '@isotropic/nn';
import { BackendError, type Tensor, tensor } from '@isotropic/tensor';

/**
 * The state dict with every tensor on the backend of the slot it is loaded into.
 * nn's loadStateDict assigns tensors as they come, so a CPU checkpoint loaded
 * into a WebGPU model would leave CPU tensors in it (failing at the first op).
 * Tensors from a synchronous backend (the CPU) are copied over here; others
 * must be moved by the caller (`await toBackend(t, backend)`).
 */
export function stateOnSlotBackends(
  model: string,
  module: AnyModule,
  state: StateDictInput,
): Map<string, Tensor> {
  const entries = new Map(
    state instanceof Map ? state : Object.entries(state as Readonly<Record<string, Tensor>>),
  );
  const slots = new Map([...module.namedParameters(), ...module.namedBuffers()]);
  for (const [name, t] of entries) {
    const backend = slots.get(name)?.value.backend;
    if (!backend || t.backend === backend) continue;
    try {
      entries.set(name, tensor(t.dataSync(), t.shape, { dtype: t.dtype, backend }));
    } catch (error) {
      throw new BackendError(
        `${model}.loadStateDict: '${name}' is on the ${t.backend.name} backend, the model on ${backend.name}, ` +
          `and ${t.backend.name} cannot be read synchronously; move it first (await toBackend(t, backend)): ` +
          (error as Error).message,
      );
    }
  }
  return entries;
}
