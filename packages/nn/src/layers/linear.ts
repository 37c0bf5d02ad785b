import { add, matmul, type Tensor } from '@isotropic/tensor';
import { childKeys, type InitOptions, truncNormal, zerosInit } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { expectLastDim, positiveInt } from './options.js';

export interface LinearOptions extends InitOptions {
  /** Add a learned bias (default true). */
  readonly bias?: boolean;
  /** Std of the truncated-normal weight init (timm: 0.02). */
  readonly initStd?: number;
}

/** y = x Wᵀ + b over the last dim; W [out, in] (PyTorch layout), trunc_normal(0.02) init, zero bias. */
export class Linear extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | undefined;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    positiveInt('Linear', 'inFeatures', inFeatures);
    positiveInt('Linear', 'outFeatures', outFeatures);
    const [weightKey] = childKeys(options.key, 1);
    this.weight = new Parameter(
      truncNormal([outFeatures, inFeatures], options.initStd ?? 0.02, { ...options, key: weightKey }),
    );
    this.bias = options.bias === false ? undefined : new Parameter(zerosInit([outFeatures], options));
  }

  forward(x: Tensor): Tensor {
    expectLastDim(`Linear(${this.inFeatures} -> ${this.outFeatures})`, x, this.inFeatures);
    const y = matmul(x, this.weight.value.mT);
    return this.bias ? add(y, this.bias.value) : y;
  }
}
