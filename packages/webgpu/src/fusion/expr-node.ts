import type { Operand, Shape } from '@isotropic/tensor';
import type { GpuStorage } from '../runtime/gpu-storage.js';
import type { GpuDType } from '../wgsl/dtypes.js';

/** A strided view (the tensor package keeps its View type internal). */
export type View = Operand['view'];

/** One elementwise primitive: input dtypes, output dtype, and its WGSL for one element. */
export interface ElementwiseSpec {
  /** The op, as named in error messages. */
  readonly op: string;
  /** Identifies the expression (e.g. `binary:add`); with the dtypes, keys generated kernels. */
  readonly name: string;
  readonly inputs: readonly GpuDType[];
  readonly out: GpuDType;
  /** WGSL for one output element, given the inputs' scalar values. */
  readonly expr: (values: readonly string[]) => string;
}

/** An input of a pending expression: a storage (maybe pending itself) read through a view. */
export interface ExprInput {
  readonly storage: GpuStorage;
  readonly view: View;
}

/**
 * A pending elementwise result: `spec` applied over `shape` (row-major) to
 * `inputs`. Its inputs are held (GpuStorage.holders) until it is computed or dropped.
 */
export interface ExprNode {
  readonly spec: ElementwiseSpec;
  readonly inputs: readonly ExprInput[];
  readonly shape: Shape;
}
