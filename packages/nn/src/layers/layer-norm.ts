import { fmtShape, layerNorm, type Shape, ShapeError, type Tensor } from '@isotropic/tensor';
import { type InitOptions, onesInit, zerosInit } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

export interface LayerNormOptions extends Omit<InitOptions, 'key'> {
  readonly eps?: number;
  /** Learn a per-element scale and shift (default true). */
  readonly elementwiseAffine?: boolean;
  /** With elementwiseAffine, also learn the shift (default true). */
  readonly bias?: boolean;
}

/** Normalises the trailing dims (PyTorch's nn.LayerNorm); weight ones, bias zeros. */
export class LayerNorm extends Module {
  readonly normalizedShape: Shape;
  readonly eps: number;
  readonly weight: Parameter | undefined;
  readonly bias: Parameter | undefined;

  constructor(normalizedShape: number | Shape, options: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = options.eps ?? 1e-5;
    const affine = options.elementwiseAffine ?? true;
    this.weight = affine ? new Parameter(onesInit(this.normalizedShape, options)) : undefined;
    this.bias =
      affine && options.bias !== false ? new Parameter(zerosInit(this.normalizedShape, options)) : undefined;
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    if (x.ndim < k || this.normalizedShape.some((d, i) => x.shape[x.ndim - k + i] !== d)) {
      throw new ShapeError(
        `LayerNorm(${fmtShape(this.normalizedShape)}): expected input [..., ${this.normalizedShape.join(', ')}], got ${fmtShape(x.shape)}`,
      );
    }
    return layerNorm(x, this.normalizedShape, this.weight?.value, this.bias?.value, this.eps);
  }
}
