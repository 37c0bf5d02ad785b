import { type InitOptions, Module, Parameter } from '@isotropic/nn';
import { add, fmtShape, mean, mul, reshape, rsqrt, ShapeError, sub, type Tensor } from '@isotropic/tensor';
import { constantInit } from './init.js';

/**
 * timm's LayerNorm2d: LayerNorm over the channels of a (B, C, H, W) map, at every
 * pixel (timm permutes to channels-last and back; normalising along axis 1
 * directly is the same arithmetic without the two copies). Biased variance, eps
 * inside the square root, timm's default eps 1e-6. State names `weight`, `bias`.
 */
export class LayerNorm2d extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter;

  constructor(
    readonly numChannels: number,
    readonly eps = 1e-6,
    options: Omit<InitOptions, 'key'> = {},
  ) {
    super();
    this.weight = new Parameter(constantInit([numChannels], 1, options));
    this.bias = new Parameter(constantInit([numChannels], 0, options));
  }

  forward(x: Tensor): Tensor {
    if (x.ndim !== 4 || x.shape[1] !== this.numChannels) {
      throw new ShapeError(
        `LayerNorm2d(${this.numChannels}): expected input (B, ${this.numChannels}, H, W), got ${fmtShape(x.shape)}`,
      );
    }
    const perChannel = [this.numChannels, 1, 1];
    const centred = sub(x, mean(x, 1, true));
    const variance = mean(mul(centred, centred), 1, true);
    const normalised = mul(centred, rsqrt(add(variance, this.eps)));
    return add(mul(normalised, reshape(this.weight.value, perChannel)), reshape(this.bias.value, perChannel));
  }
}
