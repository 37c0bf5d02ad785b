import { Conv2d, childKeys, ModuleList, Sequential } from '@isotropic/nn';
import { ShapeError, type Tensor } from '@isotropic/tensor';
import { Backbone } from '../backbone.js';
import { expectImages } from '../images.js';
import { dropPathRates } from '../layers/drop-path-rates.js';
import { LayerNorm2d } from '../layers/layer-norm-2d.js';
import { ConvNeXtHead } from './convnext-head.js';
import { type ConvNeXtConfig, type ConvNeXtOptions, resolveConvNeXtOptions } from './convnext-options.js';
import { ConvNeXtStage } from './convnext-stage.js';

/**
 * timm's ConvNeXt (V1, and V2 with `useGrn` and no LayerScale), with its
 * parameter names: `stem.0.*` (patchify conv), `stem.1.*` (LayerNorm2d),
 * `stages.{i}.downsample.{0,1}.*`, `stages.{i}.blocks.{j}.*`, `head.norm.*`,
 * and `head.fc.*` when numClasses > 0.
 *
 * forwardFeatures returns the last stage's map (B, dims[3], H', W');
 * poolFeatures averages it over space and applies `head.norm`.
 */
export class ConvNeXt extends Backbone {
  readonly featureLayout = 'map';
  readonly embedDim: number;
  readonly config: ConvNeXtConfig;
  /** Total downsampling from the image to the last map. */
  readonly reduction: number;
  readonly #stageStrides: readonly number[];

  readonly stem: Sequential;
  readonly stages: ModuleList<ConvNeXtStage>;
  readonly head: ConvNeXtHead;

  constructor(
    options: ConvNeXtOptions = {},
    readonly modelName = 'ConvNeXt',
  ) {
    super();
    const c = resolveConvNeXtOptions(modelName, options);
    this.config = c;
    const { dtype, backend } = options;
    const [stemKey, stagesKey, headKey] = childKeys(options.key, 3);
    const dims = c.dims;
    this.stem = new Sequential(
      new Conv2d(c.inChans, dims[0]!, c.patchSize, {
        stride: c.patchSize,
        bias: c.convBias,
        key: stemKey,
        dtype,
        backend,
      }),
      new LayerNorm2d(dims[0]!, 1e-6, { dtype, backend }),
    );
    const rates = dropPathRates(
      c.dropPathRate,
      c.depths.reduce((a, b) => a + b, 0),
    );
    const stageKeys = childKeys(stagesKey, dims.length);
    let reduction = c.patchSize;
    let first = 0;
    const stages: ConvNeXtStage[] = [];
    const strides: number[] = [];
    for (let i = 0; i < dims.length; i++) {
      // timm: every stage after the first halves the resolution, and so does the
      // first when the stem has stride 2 (so that stage 0 always sees stride 4)
      const stride = reduction === 2 || i > 0 ? 2 : 1;
      reduction *= stride;
      strides.push(stride);
      stages.push(
        new ConvNeXtStage(i === 0 ? dims[0]! : dims[i - 1]!, dims[i]!, {
          stride,
          dropPathRates: rates.slice(first, first + c.depths[i]!),
          kernelSize: c.kernelSizes[i]!,
          convMlp: c.convMlp,
          convBias: c.convBias,
          useGrn: c.useGrn,
          lsInitValue: c.lsInitValue,
          key: stageKeys[i],
          dtype,
          backend,
        }),
      );
      first += c.depths[i]!;
    }
    this.stages = new ModuleList(stages);
    this.reduction = reduction;
    this.#stageStrides = strides;
    this.embedDim = dims[dims.length - 1]!;
    this.head = new ConvNeXtHead(this.embedDim, c.numClasses, c.dropRate, { key: headKey, dtype, backend });
  }

  forwardFeatures(images: Tensor): Tensor {
    expectImages(this.modelName, images, this.config.inChans);
    const [height, width] = [images.shape[2]!, images.shape[3]!];
    if (Math.min(this.lastMapSide(height), this.lastMapSide(width)) < 1) {
      throw new ShapeError(
        `${this.modelName}: ${height}x${width} images vanish before the last stage (total stride ` +
          `${this.reduction}); use a smaller patchSize for small images`,
      );
    }
    let x = this.stem.call(images);
    for (const stage of this.stages) x = stage.call(x);
    return x;
  }

  /** The side of the last map for an image side (each strided conv floors). */
  private lastMapSide(side: number): number {
    return this.#stageStrides.reduce(
      (s, stride) => Math.floor(s / stride),
      Math.floor(side / this.config.patchSize),
    );
  }

  poolFeatures(features: Tensor): Tensor {
    return this.head.preLogits(features);
  }

  /** Logits (B, numClasses) with a classifier, else the embedding (B, embedDim). */
  override forward(images: Tensor): Tensor {
    return this.head.call(this.embed(images));
  }
}
