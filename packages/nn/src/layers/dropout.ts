import { cast, div, ge, type Key, mul, rand, type Tensor } from '@isotropic/tensor';
import { KeyStream } from '../key-stream.js';
import { Module } from '../module.js';
import { probability } from './options.js';

/**
 * Keeps each element with probability 1 - p and scales kept ones by 1 / (1 - p)
 * in training; the identity in eval. Masks come from Philox keys (see KeyStream).
 */
export class Dropout extends Module {
  readonly #keys: KeyStream;

  constructor(
    readonly p = 0.5,
    options: { readonly key?: Key } = {},
  ) {
    super();
    probability('Dropout', p);
    this.#keys = new KeyStream(options.key);
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const u = rand(x.shape, {
      key: this.#keys.next(),
      dtype: x.dtype === 'float64' ? 'float64' : 'float32',
      backend: x.backend,
    });
    return mul(x, div(cast(ge(u, this.p), x.dtype), 1 - this.p));
  }
}

/**
 * Stochastic depth (timm's DropPath): in training, drops the whole input of a
 * sample with probability p (a residual branch, per sample) and scales the kept
 * samples by 1 / (1 - p); the identity in eval.
 */
export class DropPath extends Module {
  readonly #keys: KeyStream;

  constructor(
    readonly p = 0,
    options: { readonly key?: Key } = {},
  ) {
    super();
    probability('DropPath', p);
    this.#keys = new KeyStream(options.key);
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const perSample = x.shape.map((d, i) => (i === 0 ? d : 1));
    const u = rand(perSample, {
      key: this.#keys.next(),
      dtype: x.dtype === 'float64' ? 'float64' : 'float32',
      backend: x.backend,
    });
    return mul(x, div(cast(ge(u, this.p), x.dtype), 1 - this.p));
  }
}
