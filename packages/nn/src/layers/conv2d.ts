import { conv2d, type Pair, type Tensor, ValueError } from '@isotropic/tensor';
import { childKeys, type InitOptions, truncNormal, zerosInit } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { positiveInt } from './options.js';

export interface Conv2dLayerOptions extends InitOptions {
  readonly stride?: Pair;
  readonly padding?: Pair;
  readonly dilation?: Pair;
  /** Channel groups; groups = inChannels = outChannels is a depthwise convolution. */
  readonly groups?: number;
  readonly bias?: boolean;
  /** Std of the truncated-normal weight init (default 0.02, as timm's ViT init). */
  readonly initStd?: number;
}

const pairOf = (p: Pair): [number, number] => (typeof p === 'number' ? [p, p] : [p[0], p[1]]);

/** 2-D convolution over (N, C, H, W); weight (out, in / groups, kh, kw). */
export class Conv2d extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | undefined;
  readonly kernelSize: [number, number];
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly groups: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Pair,
    options: Conv2dLayerOptions = {},
  ) {
    super();
    positiveInt('Conv2d', 'inChannels', inChannels);
    positiveInt('Conv2d', 'outChannels', outChannels);
    this.kernelSize = pairOf(kernelSize);
    for (const k of this.kernelSize) positiveInt('Conv2d', 'kernelSize', k);
    this.groups = options.groups ?? 1;
    if (
      !Number.isInteger(this.groups) ||
      this.groups < 1 ||
      inChannels % this.groups ||
      outChannels % this.groups
    ) {
      throw new ValueError(
        `Conv2d: groups=${this.groups} must divide inChannels ${inChannels} and outChannels ${outChannels}`,
      );
    }
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    const [weightKey] = childKeys(options.key, 1);
    const shape = [outChannels, inChannels / this.groups, ...this.kernelSize];
    this.weight = new Parameter(truncNormal(shape, options.initStd ?? 0.02, { ...options, key: weightKey }));
    this.bias = options.bias === false ? undefined : new Parameter(zerosInit([outChannels], options));
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight.value, this.bias?.value, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }
}
