import { childKeys, Dropout, type InitOptions, Linear, Module } from '@isotropic/nn';
import { mean, reshape, type Tensor } from '@isotropic/tensor';
import { LayerNorm2d } from '../layers/layer-norm-2d.js';

/**
 * timm's NormMlpClassifierHead as ConvNeXt builds it (no hidden layer): global
 * average pool, LayerNorm2d, flatten, dropout, Linear. `norm` exists even
 * without classes (it is part of the embedding); `fc` only with classes. State
 * names norm.*, fc.*.
 */
export class ConvNeXtHead extends Module {
  readonly norm: LayerNorm2d;
  readonly drop: Dropout;
  readonly fc: Linear | undefined;

  constructor(inFeatures: number, numClasses: number, dropRate: number, options: InitOptions = {}) {
    super();
    const [dropKey, fcKey] = childKeys(options.key, 2);
    const { dtype, backend } = options;
    this.norm = new LayerNorm2d(inFeatures, 1e-6, { dtype, backend });
    this.drop = new Dropout(dropRate, { key: dropKey });
    this.fc = numClasses > 0 ? new Linear(inFeatures, numClasses, { key: fcKey, dtype, backend }) : undefined;
  }

  /** (B, C, H, W) maps to the pooled, normalised (B, C) embedding (timm's pre_logits). */
  preLogits(features: Tensor): Tensor {
    const [b, c] = features.shape as [number, number];
    return reshape(this.norm.call(mean(features, [2, 3], true)), [b, c]);
  }

  /** The embedding to logits; the embedding itself without classes. */
  forward(embedding: Tensor): Tensor {
    return this.fc ? this.fc.call(this.drop.call(embedding)) : embedding;
  }
}
