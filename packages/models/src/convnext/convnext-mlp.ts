import { childKeys, Dropout, GELU, type InitOptions, Linear, Module } from '@isotropic/nn';
import type { Tensor } from '@isotropic/tensor';
import { GlobalResponseNorm } from '../layers/global-response-norm.js';
import { PointwiseConv } from '../layers/pointwise-conv.js';

export interface ConvNeXtMlpOptions extends InitOptions {
  /** 1x1 convs on (B, C, H, W) (timm's use_conv) instead of Linear layers on (B, H, W, C). */
  readonly useConv: boolean;
  /** GRN after the activation: timm's GlobalResponseNormMlp (ConvNeXt V2). */
  readonly useGrn: boolean;
}

/**
 * The inverted bottleneck of a ConvNeXt block, timm's Mlp / GlobalResponseNormMlp:
 * fc1 (dim -> hidden) -> GELU -> dropout -> [grn] -> fc2 (hidden -> dim) -> dropout.
 * State names fc1.*, grn.*, fc2.*.
 */
export class ConvNeXtMlp extends Module {
  readonly fc1: Linear | PointwiseConv;
  readonly act: GELU;
  readonly drop1: Dropout;
  readonly grn: GlobalResponseNorm | undefined;
  readonly fc2: Linear | PointwiseConv;
  readonly drop2: Dropout;

  constructor(dim: number, hidden: number, options: ConvNeXtMlpOptions) {
    super();
    const [k1, k2] = childKeys(options.key, 2);
    const { dtype, backend } = options;
    const layer = (from: number, to: number, key: typeof k1) =>
      options.useConv
        ? new PointwiseConv(from, to, { key, dtype, backend })
        : new Linear(from, to, { key, dtype, backend });
    this.fc1 = layer(dim, hidden, k1);
    this.act = new GELU();
    this.drop1 = new Dropout(0);
    this.grn = options.useGrn
      ? new GlobalResponseNorm(hidden, !options.useConv, 1e-6, { dtype, backend })
      : undefined;
    this.fc2 = layer(hidden, dim, k2);
    this.drop2 = new Dropout(0);
  }

  forward(x: Tensor): Tensor {
    let h = this.drop1.call(this.act.call(this.fc1.call(x)));
    if (this.grn) h = this.grn.call(h);
    return this.drop2.call(this.fc2.call(h));
  }
}
