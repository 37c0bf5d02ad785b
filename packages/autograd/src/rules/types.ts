import type { Primitive, PrimitiveKind, Tensor } from '@isotropic/tensor';

export type PrimitiveOf<K extends PrimitiveKind> = Extract<Primitive, { kind: K }>;

/** What a gradient rule sees when it runs for one graph node. */
export interface VjpContext<K extends PrimitiveKind = PrimitiveKind> {
  readonly primitive: PrimitiveOf<K>;
  /** The node's inputs, in the order the primitive wrapper recorded them. */
  readonly inputs: readonly Tensor[];
  /** The node's output (rules may reuse it, e.g. d exp(x) = exp(x) dx). */
  readonly output: Tensor;
  /** The cotangent of `output`: same shape and dtype. */
  readonly g: Tensor;
  /** needs[i]: input i wants a gradient. Rules skip the work for the others. */
  readonly needs: readonly boolean[];
}

/** One cotangent per input (undefined: no gradient, e.g. indices or a comparison). */
export type Cotangents = readonly (Tensor | undefined)[];

/** A vector-Jacobian product: the cotangents of the inputs from the output's. */
export type VjpRule<K extends PrimitiveKind = PrimitiveKind> = (ctx: VjpContext<K>) => Cotangents;

export type VjpRuleTable = { readonly [K in PrimitiveKind]: VjpRule<K> };
