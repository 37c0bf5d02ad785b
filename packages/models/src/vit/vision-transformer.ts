import {
  childKeys,
  Dropout,
  LayerNorm,
  Linear,
  type LoadStateDictResult,
  ModuleList,
  Parameter,
  type StateDictInput,
  stateEntries,
  truncNormal,
} from '@isotropic/nn';
import {
  add,
  broadcastTo,
  concat,
  mean,
  mul,
  noGrad,
  randn,
  ShapeError,
  scope,
  slice,
  type Tensor,
} from '@isotropic/tensor';
import { Backbone } from '../backbone.js';
import { expectImages } from '../images.js';
import { dropPathRates } from '../layers/drop-path-rates.js';
import { PatchEmbed } from './patch-embed.js';
import { resamplePosEmbed } from './resample-pos-embed.js';
import type { PosEmbedInterpolation } from './resize-matrix.js';
import { VitBlock } from './vit-block.js';
import { resolveVitOptions, type VisionTransformerOptions, type VitConfig } from './vit-options.js';

/** timm uses LayerNorm(eps=1e-6) throughout its ViTs. */
const NORM_EPS = 1e-6;

/**
 * timm's VisionTransformer, with its parameter names: `cls_token`, `reg_token`,
 * `pos_embed`, `patch_embed.proj.*`, `blocks.{i}.*`, then `norm.*` (class-token
 * pooling) or `fc_norm.*` (average pooling), and `head.*` when numClasses > 0.
 *
 * forwardFeatures returns all tokens (B, prefix + patches, D): class token,
 * register tokens, then the patches in row-major order. poolFeatures takes the
 * class token or the mean of the patch tokens (prefix tokens excluded, as timm).
 */
export class VisionTransformer extends Backbone {
  readonly featureLayout = 'tokens';
  readonly embedDim: number;
  readonly config: VitConfig;
  /** The patch grid [rows, cols] the position embeddings are made for. */
  readonly gridSize: readonly [number, number];
  /** Class token plus register tokens. */
  readonly numPrefixTokens: number;

  readonly patchEmbed: PatchEmbed;
  readonly clsToken: Parameter | undefined;
  readonly regToken: Parameter | undefined;
  readonly posEmbed: Parameter;
  readonly posDrop: Dropout;
  readonly blocks: ModuleList<VitBlock>;
  readonly norm: LayerNorm | undefined;
  readonly fcNorm: LayerNorm | undefined;
  readonly headDrop: Dropout;
  readonly head: Linear | undefined;

  constructor(
    options: VisionTransformerOptions = {},
    readonly modelName = 'VisionTransformer',
  ) {
    super();
    const c = resolveVitOptions(modelName, options);
    this.config = c;
    this.embedDim = c.embedDim;
    const { dtype, backend } = options;
    const init = { dtype, backend };
    const [patchKey, clsKey, regKey, posKey, posDropKey, blocksKey, headDropKey, headKey] = childKeys(
      options.key,
      8,
    );
    const d = c.embedDim;
    this.patchEmbed = new PatchEmbed(c.patchSize, c.inChans, d, { ...init, key: patchKey });
    this.gridSize = this.patchEmbed.gridOf(c.imgSize[0], c.imgSize[1]);
    this.numPrefixTokens = (c.classToken ? 1 : 0) + c.regTokens;
    // timm: class and register tokens ~ normal(std 1e-6), position embeddings ~ trunc_normal(std 0.02)
    const tiny = (shape: number[], key: typeof clsKey) =>
      scope(() => mul(randn(shape, { key, dtype: dtype ?? 'float32', backend }), 1e-6));
    this.clsToken = c.classToken ? new Parameter(tiny([1, 1, d], clsKey)) : undefined;
    this.regToken = c.regTokens > 0 ? new Parameter(tiny([1, c.regTokens, d], regKey)) : undefined;
    const positions = this.gridSize[0] * this.gridSize[1] + (c.noEmbedClass ? 0 : this.numPrefixTokens);
    this.posEmbed = new Parameter(truncNormal([1, positions, d], 0.02, { ...init, key: posKey }));
    this.posDrop = new Dropout(c.posDropRate, { key: posDropKey });
    const rates = dropPathRates(c.dropPathRate, c.depth);
    const blockKeys = childKeys(blocksKey, c.depth);
    this.blocks = new ModuleList(
      rates.map(
        (dropPath, i) =>
          new VitBlock(d, {
            ...init,
            key: blockKeys[i],
            numHeads: c.numHeads,
            mlpRatio: c.mlpRatio,
            qkvBias: c.qkvBias,
            initValues: c.initValues,
            projDrop: c.projDropRate,
            attnDrop: c.attnDropRate,
            dropPath,
            normEps: NORM_EPS,
          }),
      ),
    );
    // timm: average pooling normalises after pooling (fc_norm), class-token pooling before (norm)
    const useFcNorm = c.globalPool === 'avg';
    this.norm = useFcNorm ? undefined : new LayerNorm(d, { ...init, eps: NORM_EPS });
    this.fcNorm = useFcNorm ? new LayerNorm(d, { ...init, eps: NORM_EPS }) : undefined;
    this.headDrop = new Dropout(c.dropRate, { key: headDropKey });
    this.head = c.numClasses > 0 ? new Linear(d, c.numClasses, { ...init, key: headKey }) : undefined;
  }

  /** Leading tokens without a position embedding of their own are not resampled. */
  private get posEmbedPrefix(): number {
    return this.config.noEmbedClass ? 0 : this.numPrefixTokens;
  }

  forwardFeatures(images: Tensor): Tensor {
    expectImages(this.modelName, images, this.config.inChans);
    const [height, width] = [images.shape[2]!, images.shape[3]!];
    const [h, w] = this.config.imgSize;
    if ((height !== h || width !== w) && !this.config.dynamicImgSize) {
      throw new ShapeError(
        `${this.modelName}: expected ${h}x${w} images, got ${height}x${width} ` +
          '(build it with imgSize for that size, or dynamicImgSize: true to resample the position embeddings)',
      );
    }
    const grid = this.patchEmbed.gridOf(height, width);
    if (grid[0] < 1 || grid[1] < 1) {
      throw new ShapeError(
        `${this.modelName}: ${height}x${width} images are smaller than one ${this.config.patchSize}px patch`,
      );
    }
    let x = this.posDrop.call(this.withPositions(this.patchEmbed.call(images), grid));
    for (const block of this.blocks) x = block.call(x);
    return this.norm ? this.norm.call(x) : x;
  }

  /** timm's _pos_embed: prepends the class and register tokens and adds the position embeddings. */
  private withPositions(patches: Tensor, grid: readonly [number, number]): Tensor {
    const batch = patches.shape[0]!;
    const d = this.embedDim;
    const pos = resamplePosEmbed(this.posEmbed.value, {
      from: this.gridSize,
      to: grid,
      numPrefixTokens: this.posEmbedPrefix,
      interpolation: this.config.posEmbedInterpolation,
    });
    const prefix = [this.clsToken, this.regToken].flatMap((p) =>
      p ? [broadcastTo(p.value, [batch, p.shape[1]!, d])] : [],
    );
    const prepend = (x: Tensor) => (prefix.length ? concat([...prefix, x], 1) : x);
    // no_embed_class: the embeddings cover the patches only, so add first, then prepend
    return this.config.noEmbedClass ? prepend(add(patches, pos)) : add(prepend(patches), pos);
  }

  poolFeatures(tokens: Tensor): Tensor {
    const pooled =
      this.config.globalPool === 'token'
        ? slice(tokens, [null, 0])
        : mean(slice(tokens, [null, [this.numPrefixTokens, null]]), 1);
    return this.fcNorm ? this.fcNorm.call(pooled) : pooled;
  }

  /** Logits (B, numClasses) with a head, else the embedding (B, embedDim). */
  override forward(images: Tensor): Tensor {
    const embedding = this.embed(images);
    return this.head ? this.head.call(this.headDrop.call(embedding)) : embedding;
  }

  /**
   * Loads a state dict by timm's names. A `pos_embed` made for another square
   * patch grid (a checkpoint trained at another image size) is resampled to this
   * model's grid first, as timm's checkpoint filter does (bicubic unless
   * `interpolation` says otherwise).
   */
  override loadStateDict(
    state: StateDictInput,
    options: { readonly strict?: boolean; readonly interpolation?: PosEmbedInterpolation } = {},
  ): LoadStateDictResult {
    const entries = new Map(stateEntries(state));
    const pos = entries.get('pos_embed');
    const prefix = this.posEmbedPrefix;
    const expected = this.posEmbed.shape[1]!;
    if (pos?.ndim !== 3 || pos.shape[1] === expected || pos.shape[2] !== this.embedDim) {
      return super.loadStateDict(entries, options);
    }
    const side = Math.round(Math.sqrt(pos.shape[1]! - prefix));
    if (side * side + prefix !== pos.shape[1]) return super.loadStateDict(entries, options); // reported as a mismatch
    return noGrad(() =>
      scope(() => {
        entries.set(
          'pos_embed',
          resamplePosEmbed(pos, {
            from: [side, side],
            to: this.gridSize,
            numPrefixTokens: prefix,
            interpolation: options.interpolation ?? this.config.posEmbedInterpolation,
          }),
        );
        return super.loadStateDict(entries, options);
      }),
    );
  }
}
