import { Conv2d, childKeys, type InitOptions, Module, ModuleList, Sequential } from '@isotropic/nn';
import type { Tensor } from '@isotropic/tensor';
import { LayerNorm2d } from '../layers/layer-norm-2d.js';
import { ConvNeXtBlock, type ConvNeXtBlockOptions } from './convnext-block.js';

export interface ConvNeXtStageOptions extends InitOptions, Omit<ConvNeXtBlockOptions, 'dropPath'> {
  readonly stride: number;
  /** One stochastic-depth rate per block. */
  readonly dropPathRates: readonly number[];
}

/**
 * timm's ConvNeXtStage: when the width or resolution changes, a downsample
 * (LayerNorm2d, then a 2x2 stride-2 conv, or 1x1 when only the width changes),
 * then the blocks. State names downsample.0.*, downsample.1.*, blocks.{i}.*.
 */
export class ConvNeXtStage extends Module {
  readonly downsample: Sequential | undefined;
  readonly blocks: ModuleList<ConvNeXtBlock>;

  constructor(inChs: number, outChs: number, options: ConvNeXtStageOptions) {
    super();
    const { stride, dropPathRates, ...block } = options;
    const [downKey, blocksKey] = childKeys(options.key, 2);
    const { dtype, backend } = options;
    this.downsample =
      inChs !== outChs || stride > 1
        ? new Sequential(
            new LayerNorm2d(inChs, 1e-6, { dtype, backend }),
            new Conv2d(inChs, outChs, stride > 1 ? 2 : 1, {
              stride,
              bias: options.convBias,
              key: downKey,
              dtype,
              backend,
            }),
          )
        : undefined;
    const keys = childKeys(blocksKey, dropPathRates.length);
    this.blocks = new ModuleList(
      dropPathRates.map((dropPath, i) => new ConvNeXtBlock(outChs, { ...block, dropPath, key: keys[i] })),
    );
  }

  forward(x: Tensor): Tensor {
    let h = this.downsample ? this.downsample.call(x) : x;
    for (const block of this.blocks) h = block.call(h);
    return h;
  }
}
