import {
  add,
  cast,
  contiguous,
  DTypeError,
  fmtShape,
  full,
  isFloat,
  noGrad,
  type Primitive,
  reshape,
  ShapeError,
  scope,
  type Tensor,
} from '@isotropic/tensor';
import { GradError } from './errors.js';
import { freeNode, reachingTargets, topologicalOrder } from './graph.js';
import { type Cotangents, vjpRules } from './rules/index.js';
import type { VjpRule } from './rules/types.js';

export interface BackwardOptions {
  /** The loss's cotangent ("upstream gradient"); required when the loss is not a single element. */
  readonly grad?: Tensor;
  /** Keep the graph so that backward can run through it again (default false: it is freed). */
  readonly retainGraph?: boolean;
  /** Record the gradient computation itself, for gradients of gradients (implies retainGraph). */
  readonly createGraph?: boolean;
}

interface PropagateOptions {
  /** The API name for error messages. */
  readonly op: string;
  /** Functional mode: only these tensors want cotangents, and traversal stops at them. */
  readonly targets?: ReadonlySet<Tensor>;
  readonly retainGraph: boolean;
  /**
   * The gradient computation is being recorded: cotangents and the rules'
   * temporaries are then nodes of the new graph and must outlive backward (the
   * enclosing scope releases them, like forward intermediates).
   */
  readonly createGraph: boolean;
}

/** The cotangent backward starts from: ones for a one-element loss, else the given gradient. */
export function seedCotangent(op: string, out: Tensor, grad: Tensor | undefined): Tensor {
  if (!isFloat(out.dtype)) {
    throw new DTypeError(
      `${op}: can only differentiate a float tensor, got ${out.dtype} ${fmtShape(out.shape)}`,
    );
  }
  if (!grad) {
    if (out.size !== 1) {
      throw new ShapeError(
        `${op}: the loss has shape ${fmtShape(out.shape)}; backward() without a gradient needs a single-element loss ` +
          `(reduce it with sum() or mean(), or pass a gradient of shape ${fmtShape(out.shape)})`,
      );
    }
    return full(out.shape, 1, { dtype: out.dtype, backend: out.backend });
  }
  if (grad.ndim !== out.ndim || grad.shape.some((d, i) => d !== out.shape[i])) {
    throw new ShapeError(
      `${op}: the gradient has shape ${fmtShape(grad.shape)} but the tensor has shape ${fmtShape(out.shape)}; they must match`,
    );
  }
  // a fresh handle: backward disposes cotangents once used, never the caller's tensor
  return grad.dtype === out.dtype ? grad.detach() : cast(grad.detach(), out.dtype);
}

function describe(p: Primitive): string {
  return 'op' in p ? `${p.kind}(${p.op})` : p.kind === 'custom' ? `custom '${p.name}'` : p.kind;
}

/**
 * Runs one node's rule and checks what it returned. Unless the gradient graph is
 * recorded, the rule runs in its own scope so that its temporaries are freed at once.
 */
function runRule(node: Tensor, g: Tensor, needs: readonly boolean[], createGraph: boolean): Cotangents {
  const { prim, inputs } = node._node!;
  const rule = vjpRules[prim.kind] as VjpRule;
  const apply = () => [...rule({ primitive: prim, inputs, output: node, g, needs })];
  const raw = createGraph ? apply() : scope(apply, `backward ${prim.kind}`);
  const seen = new Set<Tensor>();
  return inputs.map((input, i) => {
    let c = needs[i] ? raw[i] : undefined;
    if (!c) return undefined;
    if (c.ndim !== input.ndim || c.shape.some((d, k) => d !== input.shape[k]) || c.dtype !== input.dtype) {
      throw new GradError(
        `backward: the gradient rule of ${describe(prim)} gave ${c.dtype} ${fmtShape(c.shape)} for input ${i}, ` +
          `which is ${input.dtype} ${fmtShape(input.shape)}`,
      );
    }
    // Every cotangent must be its own handle, since each is disposed once used: a rule may
    // hand back `g` for two inputs (add), or a custom backward may return a caller's tensor.
    if (seen.has(c) || prim.kind === 'custom') c = reshape(c, c.shape);
    seen.add(c);
    return c;
  });
}

/**
 * The chain rule, in reverse topological order from `root`. Each cotangent is
 * disposed as soon as its node's rule has used it, and (unless retainGraph) each
 * node's record is dropped once processed. Returns the cotangents that reached
 * leaves (tape mode) or targets (functional mode); the caller owns them.
 */
export function propagate(root: Tensor, seed: Tensor, options: PropagateOptions): Map<Tensor, Tensor> {
  const { op, targets, retainGraph, createGraph } = options;
  const order = topologicalOrder(op, root, targets);
  const wanted = targets ? reachingTargets(order, targets) : undefined;
  const cotangents = new Map<Tensor, Tensor>([[root, seed]]);
  const release = (t: Tensor) => {
    if (!createGraph) t.dispose();
  };
  const accumulate = (t: Tensor, c: Tensor) => {
    const previous = cotangents.get(t);
    if (!previous) {
      cotangents.set(t, c);
      return;
    }
    cotangents.set(t, add(previous, c));
    release(previous);
    release(c);
  };
  try {
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i]!;
      const g = cotangents.get(node);
      cotangents.delete(node);
      if (g) {
        const inputs = node._node!.inputs;
        const needs = inputs.map((x) => x.requiresGrad && isFloat(x.dtype) && (!wanted || wanted.has(x)));
        const results = needs.some(Boolean) ? runRule(node, g, needs, createGraph) : [];
        results.forEach((c, k) => {
          if (c) accumulate(inputs[k]!, c);
        });
        if (!results.includes(g)) release(g);
      }
      if (!retainGraph) freeNode(node);
    }
  } catch (e) {
    for (const c of cotangents.values()) release(c);
    throw e;
  }
  return cotangents;
}

/**
 * Adds `g` to `leaf.grad` (PyTorch accumulation). The result outlives scopes; the
 * value it replaces is disposed, except under createGraph where both may be nodes
 * of the recorded gradient graph.
 */
function accumulateGrad(leaf: Tensor, g: Tensor, createGraph: boolean): void {
  let value = g;
  // a gradient that is a view into a larger storage would pin all of it: materialise
  if (!g.isContiguous) {
    value = contiguous(g);
    if (!createGraph) g.dispose();
  }
  const previous = leaf.grad;
  if (previous && !previous.isDisposed) {
    const sum = add(previous, value);
    if (!createGraph) {
      value.dispose();
      previous.dispose();
    }
    value = sum;
  }
  leaf.grad = value.keep();
}

/**
 * PyTorch-style reverse mode: accumulates d(loss)/d(leaf) into `.grad` of every
 * tensor with `requiresGrad` the loss was computed from, then frees the graph.
 * `loss.backward()` calls this once @isotropic/autograd is loaded.
 */
export function backward(loss: Tensor, options: BackwardOptions = {}): void {
  if (!loss.requiresGrad) {
    throw new GradError(
      `backward: the loss ${fmtShape(loss.shape)} does not require grad: none of the tensors it was computed from ` +
        'has requiresGrad (set it on parameters), or it was computed under noGrad()',
    );
  }
  const createGraph = options.createGraph ?? false;
  const run = () => {
    const seed = seedCotangent('backward', loss, options.grad);
    const reached = propagate(loss, seed, {
      op: 'backward',
      retainGraph: createGraph || (options.retainGraph ?? false),
      createGraph,
    });
    for (const [leaf, g] of reached) accumulateGrad(leaf, g, createGraph);
  };
  if (createGraph) run();
  else noGrad(run);
}
