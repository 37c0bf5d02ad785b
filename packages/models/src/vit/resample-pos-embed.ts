import { concat, fmtShape, matmul, reshape, ShapeError, slice, type Tensor, tensor } from '@isotropic/tensor';
import { type PosEmbedInterpolation, resizeMatrix } from './resize-matrix.js';

export interface ResamplePosEmbedOptions {
  /** The patch grid [rows, cols] the embedding has now. */
  readonly from: readonly [number, number];
  /** The patch grid wanted. */
  readonly to: readonly [number, number];
  /** Leading tokens (class, registers) that have an embedding of their own, kept as they are (default 1). */
  readonly numPrefixTokens?: number;
  /** Default 'bicubic', as timm. */
  readonly interpolation?: PosEmbedInterpolation;
}

/**
 * Resizes ViT absolute position embeddings (1, prefix + rows·cols, D) to another
 * patch grid, as timm's `resample_abs_pos_embed`: the prefix tokens are kept, the
 * grid part is interpolated with PyTorch's antialiased bicubic (or bilinear).
 *
 * The interpolation is separable, so it is two matrix products with small
 * host-computed matrices: differentiable, and the same on every backend.
 */
export function resamplePosEmbed(posEmbed: Tensor, options: ResamplePosEmbedOptions): Tensor {
  const [rows, cols] = options.from;
  const [newRows, newCols] = options.to;
  const prefix = options.numPrefixTokens ?? 1;
  const mode = options.interpolation ?? 'bicubic';
  if (posEmbed.ndim !== 3 || posEmbed.shape[0] !== 1 || posEmbed.shape[1] !== prefix + rows * cols) {
    throw new ShapeError(
      `resamplePosEmbed: expected (1, ${prefix} + ${rows}·${cols}, D) for a ${rows}x${cols} grid with ` +
        `${prefix} prefix tokens, got ${fmtShape(posEmbed.shape)}`,
    );
  }
  if (rows === newRows && cols === newCols) return posEmbed;
  const dim = posEmbed.shape[2]!;
  const constant = (data: Float64Array, shape: number[]) =>
    tensor(data, shape, { dtype: posEmbed.dtype, backend: posEmbed.backend });
  const grid = reshape(slice(posEmbed, [null, [prefix, null]]), [rows, cols * dim]);
  const alongRows = matmul(constant(resizeMatrix(rows, newRows, mode), [newRows, rows]), grid);
  const alongCols = matmul(
    constant(resizeMatrix(cols, newCols, mode), [newCols, cols]),
    reshape(alongRows, [newRows, cols, dim]),
  );
  const resized = reshape(alongCols, [1, newRows * newCols, dim]);
  return prefix > 0 ? concat([slice(posEmbed, [null, [0, prefix]]), resized], 1) : resized;
}
