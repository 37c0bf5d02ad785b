import { BatchNorm2d, Conv2d, type InitOptions, Module, ReLU } from '@isotropic/nn';
import type { Tensor } from '@isotropic/tensor';

/**
 * conv (no bias: the BatchNorm's shift replaces it) -> BatchNorm2d -> ReLU,
 * the unit of VGG- and ResNet-style networks. State names conv.*, bn.*.
 */
export class ConvBnRelu extends Module<[Tensor], Tensor> {
  readonly conv: Conv2d;
  readonly bn: BatchNorm2d;
  readonly act = new ReLU();

  constructor(inChannels: number, outChannels: number, kernelSize: number, stride: number, o: InitOptions) {
    super();
    const { key, dtype, backend } = o;
    this.conv = new Conv2d(inChannels, outChannels, kernelSize, {
      stride,
      padding: (kernelSize - 1) / 2,
      bias: false,
      key,
      dtype,
      backend,
    });
    this.bn = new BatchNorm2d(outChannels, { dtype, backend });
  }

  forward(x: Tensor): Tensor {
    return this.act.call(this.bn.call(this.conv.call(x)));
  }
}
