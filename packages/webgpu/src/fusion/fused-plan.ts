import type { Shape } from '@isotropic/tensor';
import type { GpuStorage } from '../runtime/gpu-storage.js';
import type { GpuDType } from '../wgsl/dtypes.js';
import type { ElementwiseSpec, ExprNode, View } from './expr-node.js';

/**
 * A tree of pending elementwise ops flattened into what one kernel computes:
 * `leaves` are computed buffers read through views over `shape`; `nodes` are
 * the ops in evaluation order (the last is the result), each reading leaves or
 * earlier nodes. A pending input joins the tree when it is aligned (same
 * shape, read contiguously: the same element index) and the kernel stays within
 * its budget of bindings and ops; otherwise it is computed first and read as a leaf.
 */
export type Ref = { readonly leaf: number } | { readonly node: number };

export interface PlanNode {
  readonly spec: ElementwiseSpec;
  readonly args: readonly Ref[];
}

export interface Leaf {
  readonly storage: GpuStorage;
  readonly view: View;
  readonly dtype: GpuDType;
}

export interface FusedPlan {
  readonly shape: Shape;
  readonly leaves: readonly Leaf[];
  readonly nodes: readonly PlanNode[];
}

export interface PlanLimits {
  /** Storage bindings available for leaves. */
  readonly maxLeaves: number;
  /** Ops per kernel (bounds shader size and compile time). */
  readonly maxNodes: number;
}

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Whether `view` reads a row-major tensor of `shape` element for element. */
export function isIdentityView(view: View, shape: Shape): boolean {
  if (view.offset !== 0 || !sameShape(view.shape, shape)) return false;
  let expect = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && view.strides[d] !== expect) return false;
    expect *= shape[d]!;
  }
  return true;
}

export function buildPlan(
  root: ExprNode,
  limits: PlanLimits,
  materialize: (s: GpuStorage) => void,
): FusedPlan {
  const leaves: Leaf[] = [];
  const nodes: PlanNode[] = [];
  const nodeIndex = new Map<ExprNode, number>();

  const leafRef = (storage: GpuStorage, view: View, dtype: GpuDType): Ref => {
    if (!storage.isMaterialized) materialize(storage);
    const i = leaves.findIndex(
      (l) =>
        l.storage === storage &&
        l.view.offset === view.offset &&
        l.view.strides.every((s, d) => s === view.strides[d]) &&
        l.dtype === dtype,
    );
    if (i >= 0) return { leaf: i };
    leaves.push({ storage, view, dtype });
    return { leaf: leaves.length - 1 };
  };

  /** Adds `node` (and the aligned pending inputs it can absorb); undefined if over budget. */
  const visit = (node: ExprNode): Ref | undefined => {
    const known = nodeIndex.get(node);
    if (known !== undefined) return { node: known };
    const args: Ref[] = [];
    for (let k = 0; k < node.inputs.length; k++) {
      const input = node.inputs[k]!;
      const child = input.storage.lazy;
      let ref: Ref | undefined;
      if (child && isIdentityView(input.view, node.shape) && sameShape(child.shape, node.shape)) {
        // try to inline the child; roll back if it does not fit
        const [nl, nn] = [leaves.length, nodes.length];
        ref = visit(child);
        if (!ref) {
          leaves.length = nl;
          nodes.length = nn;
          for (const [n, i] of nodeIndex) if (i >= nn) nodeIndex.delete(n);
        }
      }
      ref ??= leafRef(input.storage, input.view, node.spec.inputs[k]!);
      args.push(ref);
    }
    if (leaves.length > limits.maxLeaves || nodes.length + 1 > limits.maxNodes) return undefined;
    nodes.push({ spec: node.spec, args });
    nodeIndex.set(node, nodes.length - 1);
    return { node: nodes.length - 1 };
  };

  if (!visit(root)) {
    // Even the root alone is over budget only if its own inputs are: read them all as leaves.
    leaves.length = 0;
    nodes.length = 0;
    const args = root.inputs.map((input, k) => leafRef(input.storage, input.view, root.spec.inputs[k]!));
    nodes.push({ spec: root.spec, args });
  }
  return { shape: root.shape, leaves, nodes };
}

/** Structural key of a plan: equal keys give the same WGSL (given the same leaf access modes). */
export function planKey(plan: FusedPlan): string {
  const refs = (args: readonly Ref[]) =>
    args.map((r) => ('leaf' in r ? `l${r.leaf}` : `n${r.node}`)).join(',');
  return `${plan.leaves.map((l) => l.dtype).join(',')}|${plan.nodes
    .map((n) => `${n.spec.name}:${n.spec.inputs.join('/')}>${n.spec.out}(${refs(n.args)})`)
    .join(';')}`;
}
