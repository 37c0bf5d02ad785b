import { Conv2d, childKeys, DropPath, type InitOptions, LayerNorm, Module, Parameter } from '@isotropic/nn';
import { add, mul, permute, reshape, type Tensor } from '@isotropic/tensor';
import { constantInit } from '../layers/init.js';
import { LayerNorm2d } from '../layers/layer-norm-2d.js';
import { ConvNeXtMlp } from './convnext-mlp.js';

export interface ConvNeXtBlockOptions extends InitOptions {
  readonly kernelSize: number;
  readonly convMlp: boolean;
  readonly convBias: boolean;
  readonly useGrn: boolean;
  /** Init of `gamma`; undefined: no LayerScale. */
  readonly lsInitValue: number | undefined;
  readonly dropPath: number;
}

/** timm's LayerNorm / LayerNorm2d eps. */
const NORM_EPS = 1e-6;
const MLP_RATIO = 4;

/**
 * timm's ConvNeXtBlock (stride 1, same width in and out):
 *   y = x + drop_path(gamma · mlp(norm(conv_dw(x))))
 * with a k x k depthwise conv, LayerNorm over channels and a 4x inverted
 * bottleneck. State names conv_dw.*, norm.*, mlp.fc1.*, [mlp.grn.*], mlp.fc2.*, gamma.
 */
export class ConvNeXtBlock extends Module {
  readonly convDw: Conv2d;
  readonly norm: LayerNorm | LayerNorm2d;
  readonly mlp: ConvNeXtMlp;
  readonly gamma: Parameter | undefined;
  readonly dropPath: DropPath;
  readonly #convMlp: boolean;

  constructor(dim: number, options: ConvNeXtBlockOptions) {
    super();
    const [convKey, mlpKey, dropKey] = childKeys(options.key, 3);
    const { dtype, backend } = options;
    this.#convMlp = options.convMlp;
    this.convDw = new Conv2d(dim, dim, options.kernelSize, {
      padding: (options.kernelSize - 1) / 2,
      groups: dim,
      bias: options.convBias,
      key: convKey,
      dtype,
      backend,
    });
    this.norm = options.convMlp
      ? new LayerNorm2d(dim, NORM_EPS, { dtype, backend })
      : new LayerNorm(dim, { eps: NORM_EPS, dtype, backend });
    this.mlp = new ConvNeXtMlp(dim, MLP_RATIO * dim, {
      useConv: options.convMlp,
      useGrn: options.useGrn,
      key: mlpKey,
      dtype,
      backend,
    });
    const ls = options.lsInitValue;
    this.gamma = ls === undefined ? undefined : new Parameter(constantInit([dim], ls, { dtype, backend }));
    this.dropPath = new DropPath(options.dropPath, { key: dropKey });
  }

  forward(x: Tensor): Tensor {
    let h = this.convDw.call(x);
    if (this.#convMlp) {
      h = this.mlp.call(this.norm.call(h));
    } else {
      // channels-last for LayerNorm and the Linear layers, as timm
      h = permute(this.mlp.call(this.norm.call(permute(h, [0, 2, 3, 1]))), [0, 3, 1, 2]);
    }
    if (this.gamma) h = mul(h, reshape(this.gamma.value, [-1, 1, 1]));
    return add(this.dropPath.call(h), x);
  }
}
