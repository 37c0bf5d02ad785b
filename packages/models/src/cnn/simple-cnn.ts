import { childKeys, Linear, ModuleList } from '@isotropic/nn';
import { mean, ShapeError, type Tensor } from '@isotropic/tensor';
import { Backbone } from '../backbone.js';
import { expectImages } from '../images.js';
import { resolveSimpleCnnOptions, type SimpleCnnConfig, type SimpleCnnOptions } from './cnn-options.js';
import { ConvBnRelu } from './conv-bn-relu.js';

/**
 * A plain CNN: `stages.{i}` = (conv kxk, BatchNorm2d, ReLU) with the stage's
 * stride, then global average pooling; `head.*` (Linear) when numClasses > 0.
 *
 * Why it is built in next to ViT and ConvNeXt: on 28 px images and a CPU
 * budget of minutes, its inductive bias (locality, BatchNorm) learns useful
 * features in a few hundred LeJEPA steps, faster than a ViT or a ConvNeXt of
 * similar cost (the repository's docs/results.md). No timm equivalent.
 */
export class SimpleCnn extends Backbone {
  readonly featureLayout = 'map';
  readonly embedDim: number;
  readonly config: SimpleCnnConfig;
  readonly stages: ModuleList<ConvBnRelu>;
  readonly head: Linear | undefined;

  constructor(
    options: SimpleCnnOptions = {},
    readonly modelName = 'SimpleCnn',
  ) {
    super();
    const c = resolveSimpleCnnOptions(modelName, options);
    this.config = c;
    const { dtype, backend } = options;
    const [stagesKey, headKey] = childKeys(options.key, 2);
    const keys = childKeys(stagesKey, c.widths.length);
    this.stages = new ModuleList(
      c.widths.map(
        (w, i) =>
          new ConvBnRelu(i === 0 ? c.inChans : c.widths[i - 1]!, w, c.kernelSize, c.strides[i]!, {
            key: keys[i],
            dtype,
            backend,
          }),
      ),
    );
    this.embedDim = c.widths[c.widths.length - 1]!;
    this.head =
      c.numClasses > 0
        ? new Linear(this.embedDim, c.numClasses, { key: headKey, dtype, backend })
        : undefined;
  }

  forwardFeatures(images: Tensor): Tensor {
    expectImages(this.modelName, images, this.config.inChans);
    const side = Math.min(images.shape[2]!, images.shape[3]!);
    const reduction = this.config.strides.reduce((a, b) => a * b, 1);
    if (side < reduction) {
      throw new ShapeError(
        `${this.modelName}: ${images.shape[2]}x${images.shape[3]} images are smaller than the total stride ${reduction}`,
      );
    }
    let x = images;
    for (const stage of this.stages) x = stage.call(x);
    return x;
  }

  /** Global average pooling: (B, C, H, W) maps to (B, C). */
  poolFeatures(features: Tensor): Tensor {
    return mean(features, [2, 3]);
  }

  /** Logits (B, numClasses) with a classifier, else the embedding (B, embedDim). */
  override forward(images: Tensor): Tensor {
    const e = this.embed(images);
    return this.head ? this.head.call(e) : e;
  }
}
