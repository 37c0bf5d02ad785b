import {
  childKeys,
  DropPath,
  type InitOptions,
  LayerNorm,
  MLP,
  Module,
  MultiHeadSelfAttention,
} from '@isotropic/nn';
import { add, type Tensor } from '@isotropic/tensor';
import { LayerScale } from '../layers/layer-scale.js';

export interface VitBlockOptions extends InitOptions {
  readonly numHeads: number;
  readonly mlpRatio: number;
  readonly qkvBias: boolean;
  /** LayerScale init; undefined: no LayerScale (timm's init_values=None). */
  readonly initValues: number | undefined;
  readonly projDrop: number;
  readonly attnDrop: number;
  readonly dropPath: number;
  readonly normEps: number;
}

/**
 * timm's ViT Block, pre-norm:
 *   x = x + drop_path1(ls1(attn(norm1(x))))
 *   x = x + drop_path2(ls2(mlp(norm2(x))))
 * State names: norm1, attn.qkv, attn.proj, ls1.gamma, norm2, mlp.fc1, mlp.fc2, ls2.gamma.
 */
export class VitBlock extends Module {
  readonly norm1: LayerNorm;
  readonly attn: MultiHeadSelfAttention;
  readonly ls1: LayerScale | undefined;
  readonly dropPath1: DropPath;
  readonly norm2: LayerNorm;
  readonly mlp: MLP;
  readonly ls2: LayerScale | undefined;
  readonly dropPath2: DropPath;

  constructor(dim: number, options: VitBlockOptions) {
    super();
    const [attnKey, mlpKey, drop1Key, drop2Key] = childKeys(options.key, 4);
    const { dtype, backend, normEps } = options;
    this.norm1 = new LayerNorm(dim, { eps: normEps, dtype, backend });
    this.attn = new MultiHeadSelfAttention(dim, options.numHeads, {
      qkvBias: options.qkvBias,
      attnDrop: options.attnDrop,
      projDrop: options.projDrop,
      key: attnKey,
      dtype,
      backend,
    });
    const scale = options.initValues;
    this.ls1 = scale === undefined ? undefined : new LayerScale(dim, scale, { dtype, backend });
    this.dropPath1 = new DropPath(options.dropPath, { key: drop1Key });
    this.norm2 = new LayerNorm(dim, { eps: normEps, dtype, backend });
    this.mlp = new MLP(dim, {
      hiddenFeatures: Math.trunc(dim * options.mlpRatio),
      drop: options.projDrop,
      key: mlpKey,
      dtype,
      backend,
    });
    this.ls2 = scale === undefined ? undefined : new LayerScale(dim, scale, { dtype, backend });
    this.dropPath2 = new DropPath(options.dropPath, { key: drop2Key });
  }

  forward(x: Tensor): Tensor {
    let branch = this.attn.call(this.norm1.call(x));
    if (this.ls1) branch = this.ls1.call(branch);
    x = add(x, this.dropPath1.call(branch));
    branch = this.mlp.call(this.norm2.call(x));
    if (this.ls2) branch = this.ls2.call(branch);
    return add(x, this.dropPath2.call(branch));
  }
}
