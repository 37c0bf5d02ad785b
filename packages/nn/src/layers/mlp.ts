import type { Tensor } from '@isotropic/tensor';
import { childKeys, type InitOptions } from '../init.js';
import { Module } from '../module.js';
import { GELU } from './activations.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';

export interface MLPOptions extends InitOptions {
  /** Default: inFeatures. */
  readonly hiddenFeatures?: number;
  /** Default: inFeatures. */
  readonly outFeatures?: number;
  /** The activation between the two layers (default GELU). */
  readonly act?: Module;
  readonly drop?: number;
  readonly bias?: boolean;
  /** Std of the truncated-normal init of fc1 and fc2 (default 0.02). */
  readonly initStd?: number;
}

/** timm's Mlp: fc1 -> act -> dropout -> fc2 -> dropout. */
export class MLP extends Module {
  readonly fc1: Linear;
  readonly act: Module;
  readonly drop1: Dropout;
  readonly fc2: Linear;
  readonly drop2: Dropout;

  constructor(inFeatures: number, options: MLPOptions = {}) {
    super();
    const hidden = options.hiddenFeatures ?? inFeatures;
    const [k1, k2, k3, k4] = childKeys(options.key, 4);
    const bias = options.bias ?? true;
    this.fc1 = new Linear(inFeatures, hidden, { ...options, bias, key: k1 });
    this.act = options.act ?? new GELU();
    this.drop1 = new Dropout(options.drop ?? 0, { key: k2 });
    this.fc2 = new Linear(hidden, options.outFeatures ?? inFeatures, { ...options, bias, key: k3 });
    this.drop2 = new Dropout(options.drop ?? 0, { key: k4 });
  }

  forward(x: Tensor): Tensor {
    return this.drop2.call(this.fc2.call(this.drop1.call(this.act.call(this.fc1.call(x)))));
  }
}
