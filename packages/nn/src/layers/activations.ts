import { type GeluApproximation, gelu, relu, type Tensor } from '@isotropic/tensor';
import { Module } from '../module.js';

/** GELU, exact (erf) by default or PyTorch's tanh approximation. */
export class GELU extends Module {
  constructor(readonly approximate: GeluApproximation = 'none') {
    super();
  }

  forward(x: Tensor): Tensor {
    return gelu(x, this.approximate);
  }
}

export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}
