import { type InitOptions, Module, Parameter } from '@isotropic/nn';
import { mul, type Tensor } from '@isotropic/tensor';
import { constantInit } from './init.js';

/**
 * timm's LayerScale (CaiT): a learned per-channel scale on a residual branch,
 * `x * gamma` over the last dim, gamma initialised to `initValues` (small, so a
 * deep network starts close to the identity). State name: `gamma`.
 */
export class LayerScale extends Module {
  readonly gamma: Parameter;

  constructor(dim: number, initValues: number, options: InitOptions = {}) {
    super();
    this.gamma = new Parameter(constantInit([dim], initValues, options));
  }

  forward(x: Tensor): Tensor {
    return mul(x, this.gamma.value);
  }
}
