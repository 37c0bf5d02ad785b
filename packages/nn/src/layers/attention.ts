import {
  fmtShape,
  matmul,
  mul,
  reshape,
  ShapeError,
  slice,
  softmax,
  type Tensor,
  ValueError,
} from '@isotropic/tensor';
import { childKeys, type InitOptions } from '../init.js';
import { Module } from '../module.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { positiveInt } from './options.js';

export interface AttentionOptions extends InitOptions {
  /** Bias in the qkv projection (timm's Attention default: false; its ViT passes true). */
  readonly qkvBias?: boolean;
  /** Dropout on the attention weights. */
  readonly attnDrop?: number;
  /** Dropout after the output projection. */
  readonly projDrop?: number;
  /** Std of the truncated-normal init of qkv and proj (default 0.02). */
  readonly initStd?: number;
}

/**
 * timm's Attention: one Linear makes q, k and v for all heads (`qkv`),
 * softmax(q kᵀ / sqrt(headDim)) v per head, heads concatenated, then `proj`.
 * Input and output (B, N, dim).
 */
export class MultiHeadSelfAttention extends Module {
  readonly headDim: number;
  readonly scale: number;
  readonly qkv: Linear;
  readonly attnDrop: Dropout;
  readonly proj: Linear;
  readonly projDrop: Dropout;

  constructor(
    readonly dim: number,
    readonly numHeads = 8,
    options: AttentionOptions = {},
  ) {
    super();
    positiveInt('MultiHeadSelfAttention', 'dim', dim);
    positiveInt('MultiHeadSelfAttention', 'numHeads', numHeads);
    if (dim % numHeads !== 0) {
      throw new ValueError(`MultiHeadSelfAttention: dim ${dim} must be divisible by numHeads ${numHeads}`);
    }
    this.headDim = dim / numHeads;
    this.scale = this.headDim ** -0.5;
    const [k1, k2, k3, k4] = childKeys(options.key, 4);
    this.qkv = new Linear(dim, 3 * dim, { ...options, bias: options.qkvBias ?? false, key: k1 });
    this.attnDrop = new Dropout(options.attnDrop ?? 0, { key: k2 });
    this.proj = new Linear(dim, dim, { ...options, bias: true, key: k3 });
    this.projDrop = new Dropout(options.projDrop ?? 0, { key: k4 });
  }

  forward(x: Tensor): Tensor {
    if (x.ndim !== 3 || x.shape[2] !== this.dim) {
      throw new ShapeError(
        `MultiHeadSelfAttention(dim ${this.dim}): expected input (B, N, ${this.dim}), got ${fmtShape(x.shape)}`,
      );
    }
    const [b, n] = x.shape as [number, number, number];
    // (B, N, 3, H, D) -> (3, B, H, N, D)
    const qkv = reshape(this.qkv.call(x), [b, n, 3, this.numHeads, this.headDim]).permute([2, 0, 3, 1, 4]);
    const [q, k, v] = [0, 1, 2].map((i) => slice(qkv, [i])) as [Tensor, Tensor, Tensor];
    const attn = this.attnDrop.call(softmax(matmul(mul(q, this.scale), k.mT), -1));
    const heads = matmul(attn, v).permute([0, 2, 1, 3]); // (B, N, H, D)
    return this.projDrop.call(this.proj.call(reshape(heads, [b, n, this.dim])));
  }
}
