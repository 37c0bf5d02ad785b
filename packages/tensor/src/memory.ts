import type { Backend } from './backend.js';
import { getBackend } from './engine.js';
import { liveTensors } from './tensor.js';

export interface MemoryReport {
  /** Tensor objects neither disposed nor garbage-collected (views included). */
  readonly liveTensors: number;
  /** Backend storages in use (what actually holds memory). */
  readonly liveStorages: number;
  readonly liveBytes: number;
}

/** Live tensor and storage counts, e.g. to assert that a training loop does not leak. */
export function memory(backend: Backend = getBackend()): MemoryReport {
  const m = backend.memory();
  return { liveTensors: liveTensors(), liveStorages: m.liveStorages, liveBytes: m.liveBytes };
}
