import { type InitOptions, Module, Parameter } from '@isotropic/nn';
import { add, div, mean, mul, reshape, sqrt, sum, type Tensor } from '@isotropic/tensor';
import { constantInit } from './init.js';

/**
 * ConvNeXt V2's Global Response Normalization, as timm's GlobalResponseNorm:
 *   gx = ||x||₂ over the spatial dims (per sample and channel)
 *   nx = gx / (mean of gx over channels + eps)
 *   y  = x + bias + weight · (x · nx)
 * weight and bias start at zero, so a new GRN is the identity. `channelsLast`
 * selects (B, H, W, C) input (timm's default) or (B, C, H, W).
 */
export class GlobalResponseNorm extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter;

  constructor(
    readonly dim: number,
    readonly channelsLast = true,
    readonly eps = 1e-6,
    options: Omit<InitOptions, 'key'> = {},
  ) {
    super();
    this.weight = new Parameter(constantInit([dim], 0, options));
    this.bias = new Parameter(constantInit([dim], 0, options));
  }

  forward(x: Tensor): Tensor {
    const spatial = this.channelsLast ? [1, 2] : [2, 3];
    const channel = this.channelsLast ? 3 : 1;
    const shape = this.channelsLast ? [this.dim] : [this.dim, 1, 1];
    const gx = sqrt(sum(mul(x, x), spatial, true));
    const nx = div(gx, add(mean(gx, channel, true), this.eps));
    return add(add(x, reshape(this.bias.value, shape)), mul(reshape(this.weight.value, shape), mul(x, nx)));
  }
}
