import type { InitOptions } from '@isotropic/nn';
import { Module } from '@isotropic/nn';
import type { Tensor } from '@isotropic/tensor';

/** Options every backbone factory receives (built-in families add their own). */
export interface BackboneOptions extends InitOptions {
  /**
   * Classes of a Linear classification head. 0 (the default, for self-supervised
   * training) builds no head: `forward` then returns the embedding. timm's default is 1000.
   */
  readonly numClasses?: number;
  /** Image channels (default 3). */
  readonly inChans?: number;
}

/** BackboneOptions' keys, which every family's table of known option names starts with. */
export const BACKBONE_OPTION_KEYS: Record<keyof BackboneOptions, true> = {
  numClasses: true,
  inChans: true,
  key: true,
  dtype: true,
  backend: true,
};

/** How `forwardFeatures` lays out its output. */
export type FeatureLayout =
  /** (B, N, D) tokens, prefix tokens (class, registers) first: transformers. */
  | 'tokens'
  /** (B, C, H, W) feature maps: convolutional networks. */
  | 'map';

/**
 * What the trainer, the CLI and the examples need from an image encoder. A
 * Module, so parameters, state dicts, train()/eval() and checkpoints work as for
 * any layer.
 *
 * Implement `forwardFeatures` (images to tokens or feature maps) and
 * `poolFeatures` (those to one (B, embedDim) vector per image). `embed` chains
 * them; call the two halves yourself to get the tokens and the embedding from
 * one forward pass. `forward` (what `call` runs) returns the embedding, or the
 * logits for models built with a classification head.
 */
export abstract class Backbone extends Module {
  /** Width of `embed`'s output: the input size of a projector or a linear probe. */
  abstract readonly embedDim: number;
  abstract readonly featureLayout: FeatureLayout;

  /** Images (B, C, H, W) to unpooled features: tokens (B, N, D) or maps (B, C', H', W'). */
  abstract forwardFeatures(images: Tensor): Tensor;

  /** `forwardFeatures`' output to the (B, embedDim) embedding. */
  abstract poolFeatures(features: Tensor): Tensor;

  /** Images (B, C, H, W) to embeddings (B, embedDim). */
  embed(images: Tensor): Tensor {
    return this.poolFeatures(this.forwardFeatures(images));
  }

  forward(images: Tensor): Tensor {
    return this.embed(images);
  }
}
