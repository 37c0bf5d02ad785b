import type { Backend } from '../backend.js';
import type { Tensor } from '../tensor.js';
import { fromTyped } from './creation.js';

/** Copies `t` to another backend (reads back, then uploads; not recorded for gradients). */
export async function toBackend(t: Tensor, backend: Backend): Promise<Tensor> {
  if (t.backend === backend) return t;
  return fromTyped(await t.data(), t.shape, t.dtype, backend);
}
