import { Conv2d, childKeys, type InitOptions, Module } from '@isotropic/nn';
import { permute, reshape, type Tensor } from '@isotropic/tensor';
import { uniformInit } from '../layers/init.js';

/**
 * timm's PatchEmbed: a conv with kernel = stride = patch size cuts the image into
 * non-overlapping patches and projects each to `embedDim`; the grid is then
 * flattened to tokens (B, rows·cols, D), row-major. State names `proj.weight`,
 * `proj.bias`.
 */
export class PatchEmbed extends Module {
  readonly proj: Conv2d;

  constructor(
    readonly patchSize: number,
    inChans: number,
    embedDim: number,
    options: InitOptions & { readonly bias?: boolean } = {},
  ) {
    super();
    const [convKey, weightKey, biasKey] = childKeys(options.key, 3);
    this.proj = new Conv2d(inChans, embedDim, patchSize, { ...options, key: convKey, stride: patchSize });
    // timm's ViT init leaves the patch projection at PyTorch's default Conv2d
    // init: uniform(±1/sqrt(fan_in)) for the weight and the bias alike
    const bound = 1 / Math.sqrt(inChans * patchSize * patchSize);
    this.proj.weight.assign(uniformInit(this.proj.weight.shape, bound, { ...options, key: weightKey }));
    this.proj.bias?.assign(uniformInit([embedDim], bound, { ...options, key: biasKey }));
  }

  /** The patch grid [rows, cols] of an image (partial patches at the edges are dropped, as by the conv). */
  gridOf(height: number, width: number): [number, number] {
    return [Math.floor(height / this.patchSize), Math.floor(width / this.patchSize)];
  }

  forward(images: Tensor): Tensor {
    const map = this.proj.call(images); // (B, D, rows, cols)
    const [b, d, rows, cols] = map.shape as [number, number, number, number];
    return permute(reshape(map, [b, d, rows * cols]), [0, 2, 1]);
  }
}
