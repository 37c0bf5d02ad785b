import { fmtShape, ShapeError, type Tensor } from '@isotropic/tensor';

/** Throws a ShapeError naming the model unless `images` is (B, inChans, H, W). */
export function expectImages(model: string, images: Tensor, inChans: number): void {
  if (images.ndim !== 4 || images.shape[1] !== inChans) {
    throw new ShapeError(`${model}: expected images (B, ${inChans}, H, W), got ${fmtShape(images.shape)}`);
  }
}
