import { DisposedError, fmtShape, type Tensor } from '@isotropic/tensor';
import { GraphFreedError } from './errors.js';

/**
 * Bookkeeping over the graph the tensor layer records (`tensor._node`).
 *
 * After backward() the graph is freed: each node's record is dropped so that the
 * intermediates it referenced can be released. A freed tensor then looks like a
 * leaf, so we remember it here to tell the two apart and give a clear error on a
 * second backward() through it.
 */
const freedTensors = new WeakSet<Tensor>();

export function freeNode(t: Tensor): void {
  if (!t._node) return;
  t._node = undefined;
  freedTensors.add(t);
}

/** Makes a tensor a plain value again (no graph, no gradient tracking). */
export function forgetGraph(t: Tensor): void {
  t._node = undefined;
  t.requiresGrad = false;
  freedTensors.delete(t);
}

function describe(t: Tensor): string {
  return `tensor of shape ${fmtShape(t.shape)} (${t.dtype})`;
}

function assertUsable(op: string, t: Tensor): void {
  if (t.isDisposed) {
    throw new DisposedError(
      `${op}: a ${describe(t)} on the path to the loss was disposed before backward; ` +
        'do not dispose or scope() away intermediates between the forward pass and backward (keep() them)',
    );
  }
  if (!t._node && freedTensors.has(t)) {
    throw new GraphFreedError(
      `${op}: the graph through a ${describe(t)} was already freed by an earlier backward(); ` +
        'recompute the forward pass, or pass { retainGraph: true } to the first backward',
    );
  }
}

/**
 * The tensors with a graph node that lie between `root` and the leaves, in
 * topological order (every tensor after the inputs it was made from). Traversal
 * follows only inputs that require grad and stops at `stopAt` (the targets of a
 * functional grad) and at leaves. Iterative, so deep graphs cannot overflow the stack.
 */
export function topologicalOrder(op: string, root: Tensor, stopAt?: ReadonlySet<Tensor>): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: { t: Tensor; expanded: boolean }[] = [{ t: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const t = top.t;
    if (top.expanded) {
      stack.pop();
      order.push(t);
      continue;
    }
    if (visited.has(t)) {
      stack.pop();
      continue;
    }
    visited.add(t);
    assertUsable(op, t);
    if (!t._node || stopAt?.has(t)) {
      stack.pop();
      continue;
    }
    top.expanded = true;
    for (const input of t._node.inputs) {
      if (input.requiresGrad && !visited.has(input)) stack.push({ t: input, expanded: false });
    }
  }
  return order;
}

/** The subset of `order` (plus targets) from which some target can be reached. */
export function reachingTargets(order: readonly Tensor[], targets: ReadonlySet<Tensor>): Set<Tensor> {
  const reaches = new Set<Tensor>(targets);
  for (const t of order) {
    if (t._node && !targets.has(t) && t._node.inputs.some((i) => reaches.has(i))) reaches.add(t);
  }
  return reaches;
}
