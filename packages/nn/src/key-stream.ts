import { foldIn, type Key } from '@isotropic/tensor';

/**
 * Randomness for a module that draws on every call (dropout masks): call i uses
 * foldIn(key, i), so a run is reproducible from the key. Without a key, draws
 * come from the tensor package's global stream (reproducible under manualSeed).
 */
export class KeyStream {
  #calls = 0;
  constructor(private readonly key: Key | undefined) {}

  next(): Key | undefined {
    return this.key ? foldIn(this.key, this.#calls++) : undefined;
  }
}
