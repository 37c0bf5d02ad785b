import type { Module } from '@isotropic/nn';
import type { Tensor } from '@isotropic/tensor';

/**
 * What the trainer needs from a backbone: a Module that maps images
 * [B, C, H, W] to pooled embeddings [B, embedDim] at any resolution it accepts.
 * @isotropic/models' backbones (and user-registered ones) satisfy it.
 */
export interface Encoder extends Module<[Tensor], Tensor> {
  readonly embedDim: number;
  embed(images: Tensor): Tensor;
}
