import type { Backend } from '../backend.js';
import { allocTyped, type DType } from '../dtype.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';
import { contiguousView } from '../view.js';

// Scalars used as operands (the 2 in x * 2) are cached per backend so a training
// step does not upload the same constant thousands of times. The cache is
// bounded; past its size new scalars are ordinary scope-owned tensors.
const MAX_CACHED = 1024;
const caches = new WeakMap<Backend, Map<string, Tensor>>();

/** @internal A rank-0 tensor holding `value`, shared and never disposed. */
export function constant(value: number, dtype: DType, backend: Backend): Tensor {
  let cache = caches.get(backend);
  if (!cache) {
    cache = new Map();
    caches.set(backend, cache);
  }
  const key = `${dtype}:${Object.is(value, -0) ? '-0' : value}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const data = allocTyped(dtype, 1);
  data[0] = value;
  const t = new Tensor(
    new Storage(backend, backend.upload(data, dtype), dtype, 1),
    contiguousView([]),
    dtype,
    false,
  );
  if (cache.size < MAX_CACHED) cache.set(key, t);
  else t.keep();
  return t;
}
