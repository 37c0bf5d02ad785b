import { BACKBONE_OPTION_KEYS, type BackboneOptions } from '../backbone.js';
import { ModelOptionError } from '../errors.js';
import {
  dropRate,
  nonNegativeInteger,
  oneOf,
  positiveInteger,
  positiveNumber,
  rejectUnknownOptions,
  sizePair,
} from '../options.js';
import type { PosEmbedInterpolation } from './resize-matrix.js';

/** How the tokens become one embedding. */
export type VitGlobalPool = 'token' | 'avg';

/**
 * timm's VisionTransformer keyword arguments, camelCased. Defaults are timm's
 * (a ViT-Base/16 at 224 px) except `numClasses`, which is 0 (no head).
 */
export interface VisionTransformerOptions extends BackboneOptions {
  /** Image size the position embeddings are made for: one number or [height, width] (224). */
  readonly imgSize?: number | readonly [number, number];
  /** Square patch side in pixels (16). */
  readonly patchSize?: number;
  /** 'token': the class token (timm's default); 'avg': the mean of the patch tokens, then `fc_norm`. */
  readonly globalPool?: VitGlobalPool;
  readonly embedDim?: number;
  readonly depth?: number;
  readonly numHeads?: number;
  /** MLP hidden width over embedDim (4). */
  readonly mlpRatio?: number;
  /** Bias in the qkv projection (true). */
  readonly qkvBias?: boolean;
  /** LayerScale init value (timm's init_values, e.g. 1e-5 for DINOv2); null or undefined: no LayerScale. */
  readonly initValues?: number | null;
  /** A learned class token (true). */
  readonly classToken?: boolean;
  /** Learned register tokens after the class token (0). */
  readonly regTokens?: number;
  /**
   * Position embeddings only for the patch tokens, added before the prefix tokens
   * are prepended (timm's no_embed_class, as in its reg4 and DeiT-3 models; false).
   */
  readonly noEmbedClass?: boolean;
  /**
   * Accept other image sizes at run time by resampling the position embeddings
   * in forward (timm's dynamic_img_size; false: other sizes are an error).
   * Useful for multi-crop training, where local views are smaller.
   */
  readonly dynamicImgSize?: boolean;
  /** Interpolation for resized position embeddings, here and in loadStateDict ('bicubic', as timm). */
  readonly posEmbedInterpolation?: PosEmbedInterpolation;
  /** Dropout before the head (0). */
  readonly dropRate?: number;
  /** Dropout after adding position embeddings (0). */
  readonly posDropRate?: number;
  /** Dropout after the attention and MLP projections (0). */
  readonly projDropRate?: number;
  /** Dropout on the attention weights (0). */
  readonly attnDropRate?: number;
  /** Stochastic depth: block i drops its branches with rate dropPathRate · i / (depth - 1) (0). */
  readonly dropPathRate?: number;
}

const KNOWN: Record<keyof VisionTransformerOptions, true> = {
  ...BACKBONE_OPTION_KEYS,
  imgSize: true,
  patchSize: true,
  globalPool: true,
  embedDim: true,
  depth: true,
  numHeads: true,
  mlpRatio: true,
  qkvBias: true,
  initValues: true,
  classToken: true,
  regTokens: true,
  noEmbedClass: true,
  dynamicImgSize: true,
  posEmbedInterpolation: true,
  dropRate: true,
  posDropRate: true,
  projDropRate: true,
  attnDropRate: true,
  dropPathRate: true,
};

/** The option names a VisionTransformer accepts. */
export const VIT_OPTION_NAMES = Object.keys(KNOWN) as readonly (keyof VisionTransformerOptions)[];

/** Every option resolved to a checked value. */
export interface VitConfig {
  readonly imgSize: readonly [number, number];
  readonly patchSize: number;
  readonly inChans: number;
  readonly numClasses: number;
  readonly globalPool: VitGlobalPool;
  readonly embedDim: number;
  readonly depth: number;
  readonly numHeads: number;
  readonly mlpRatio: number;
  readonly qkvBias: boolean;
  readonly initValues: number | undefined;
  readonly classToken: boolean;
  readonly regTokens: number;
  readonly noEmbedClass: boolean;
  readonly dynamicImgSize: boolean;
  readonly posEmbedInterpolation: PosEmbedInterpolation;
  readonly dropRate: number;
  readonly posDropRate: number;
  readonly projDropRate: number;
  readonly attnDropRate: number;
  readonly dropPathRate: number;
}

/** Applies timm's defaults and checks every value; errors name `model` and the option. */
export function resolveVitOptions(model: string, o: VisionTransformerOptions): VitConfig {
  rejectUnknownOptions(model, o, VIT_OPTION_NAMES);
  const embedDim = positiveInteger(model, 'embedDim', o.embedDim ?? 768);
  const numHeads = positiveInteger(model, 'numHeads', o.numHeads ?? 12);
  if (embedDim % numHeads !== 0) {
    throw new ModelOptionError(model, 'numHeads', `(${numHeads}) must divide embedDim (${embedDim})`);
  }
  const imgSize = sizePair(model, 'imgSize', o.imgSize ?? 224);
  const patchSize = positiveInteger(model, 'patchSize', o.patchSize ?? 16);
  if (imgSize.some((s) => s < patchSize)) {
    throw new ModelOptionError(
      model,
      'patchSize',
      `(${patchSize}) is larger than imgSize ${imgSize.join('x')}`,
    );
  }
  const classToken = o.classToken ?? true;
  const globalPool = oneOf(model, 'globalPool', o.globalPool ?? 'token', ['token', 'avg']);
  if (globalPool === 'token' && !classToken) {
    throw new ModelOptionError(
      model,
      'globalPool',
      `'token' needs a class token (classToken: true), or use 'avg'`,
    );
  }
  const initValues = o.initValues ?? undefined;
  return {
    imgSize,
    patchSize,
    inChans: positiveInteger(model, 'inChans', o.inChans ?? 3),
    numClasses: nonNegativeInteger(model, 'numClasses', o.numClasses ?? 0),
    globalPool,
    embedDim,
    depth: positiveInteger(model, 'depth', o.depth ?? 12),
    numHeads,
    mlpRatio: positiveNumber(model, 'mlpRatio', o.mlpRatio ?? 4),
    qkvBias: o.qkvBias ?? true,
    initValues: initValues === undefined ? undefined : positiveNumber(model, 'initValues', initValues),
    classToken,
    regTokens: nonNegativeInteger(model, 'regTokens', o.regTokens ?? 0),
    noEmbedClass: o.noEmbedClass ?? false,
    dynamicImgSize: o.dynamicImgSize ?? false,
    posEmbedInterpolation: oneOf(model, 'posEmbedInterpolation', o.posEmbedInterpolation ?? 'bicubic', [
      'bicubic',
      'bilinear',
    ]),
    dropRate: dropRate(model, 'dropRate', o.dropRate ?? 0),
    posDropRate: dropRate(model, 'posDropRate', o.posDropRate ?? 0),
    projDropRate: dropRate(model, 'projDropRate', o.projDropRate ?? 0),
    attnDropRate: dropRate(model, 'attnDropRate', o.attnDropRate ?? 0),
    dropPathRate: dropRate(model, 'dropPathRate', o.dropPathRate ?? 0),
  };
}
