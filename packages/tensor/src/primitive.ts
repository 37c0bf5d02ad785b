import type { BinaryOp, Conv2dParams, Pool2dParams, ReduceOp, UnaryOp } from './backend.js';
import type { DType } from './dtype.js';
import type { Shape } from './shape.js';
import type { Tensor } from './tensor.js';

/**
 * The primitive calls that every public op is composed of, as recorded on the
 * graph for autograd. A gradient rule per kind here covers every public op.
 */
export type Primitive =
  | { readonly kind: 'unary'; readonly op: UnaryOp }
  | { readonly kind: 'binary'; readonly op: BinaryOp }
  | { readonly kind: 'where' }
  | { readonly kind: 'cast'; readonly dtype: DType }
  | { readonly kind: 'reduce'; readonly op: ReduceOp; readonly axes: readonly number[] }
  | { readonly kind: 'matmul' }
  | { readonly kind: 'conv2d'; readonly params: Conv2dParams }
  | { readonly kind: 'conv2dBackwardInput'; readonly params: Conv2dParams; readonly xShape: Shape }
  | { readonly kind: 'conv2dBackwardWeight'; readonly params: Conv2dParams; readonly wShape: Shape }
  | { readonly kind: 'pool2d'; readonly params: Pool2dParams }
  | { readonly kind: 'pool2dBackward'; readonly params: Pool2dParams }
  | { readonly kind: 'gather'; readonly axis: number }
  | { readonly kind: 'scatterAdd'; readonly axis: number; readonly outShape: Shape }
  | { readonly kind: 'pad'; readonly widths: readonly (readonly [number, number])[]; readonly value: number }
  | { readonly kind: 'concat'; readonly axis: number }
  // views: no data moves, only the strided view changes
  | { readonly kind: 'reshape'; readonly shape: Shape }
  | { readonly kind: 'permute'; readonly perm: readonly number[] }
  | { readonly kind: 'expand'; readonly shape: Shape }
  | {
      readonly kind: 'slice';
      readonly starts: readonly number[];
      readonly steps: readonly number[];
      readonly shape: Shape;
    }
  /** An op with its own gradient rule (fused kernels; @isotropic/autograd's customGrad). */
  | { readonly kind: 'custom'; readonly name: string; readonly vjp: CustomVjp };

/**
 * Gradient rule of a custom op: given the cotangent of its output (same shape),
 * its inputs and its output, returns one cotangent per input (null where none).
 */
export type CustomVjp = (cotangent: Tensor, inputs: readonly Tensor[], output: Tensor) => (Tensor | null)[];

export type PrimitiveKind = Primitive['kind'];
