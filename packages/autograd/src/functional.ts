import {
  DTypeError,
  fmtShape,
  isFloat,
  isGradEnabled,
  noGrad,
  reshape,
  ShapeError,
  Tensor,
  ValueError,
  zeros,
} from '@isotropic/tensor';
import { propagate, seedCotangent } from './backward.js';
import { GradError } from './errors.js';
import { forgetGraph } from './graph.js';
import { installBackward } from './install.js';
import { mapTensors } from './pytree.js';

export interface GradOptions<N extends number | readonly number[] = number | readonly number[]> {
  /** Which arguments to differentiate: an index (default 0) or a list of indices (JAX's argnums). */
  readonly argnums?: N;
  /**
   * Record the gradient computation so that it can be differentiated again.
   * Default: on when called inside another grad() or on tensors that require grad.
   */
  readonly createGraph?: boolean;
}

/** The arguments at the positions listed in N, as a tuple. */
export type ArgsAt<A extends readonly unknown[], N extends readonly number[]> = {
  -readonly [K in keyof N]: A[N[K] & number];
};

type Scalar<A extends unknown[]> = (...args: A) => Tensor;

interface Traced {
  readonly value: Tensor;
  readonly grads: unknown[];
  /** The value was made from the tracers during this call (so no caller holds it). */
  readonly madeHere: boolean;
}

/** Depth of grad() calls in progress: a grad inside another one must record its own gradients. */
let traceDepth = 0;

function normalizeArgnums(op: string, argnums: number | readonly number[], count: number): number[] {
  const list = typeof argnums === 'number' ? [argnums] : [...argnums];
  for (const i of list) {
    if (!Number.isInteger(i) || i < 0 || i >= count) {
      throw new ValueError(
        `${op}: argnums ${JSON.stringify(argnums)} is out of range for ${count} argument(s)`,
      );
    }
  }
  if (new Set(list).size !== list.length)
    throw new ValueError(`${op}: argnums ${JSON.stringify(argnums)} repeats an index`);
  return list;
}

function checkScalarOutput(op: string, out: unknown): Tensor {
  if (!(out instanceof Tensor)) {
    throw new GradError(`${op}: the function must return a Tensor (a scalar loss), got ${typeof out}`);
  }
  if (!isFloat(out.dtype))
    throw new DTypeError(`${op}: the function returned a ${out.dtype} tensor; it must be float`);
  if (out.size !== 1) {
    throw new ShapeError(
      `${op}: the function must return a single-element tensor, got shape ${fmtShape(out.shape)} (reduce it with sum() or mean())`,
    );
  }
  return out;
}

function makeValueAndGrad<A extends unknown[]>(
  op: string,
  f: Scalar<A>,
  options: GradOptions,
): (...args: A) => Traced {
  return (...args: A) => {
    installBackward();
    if (!isGradEnabled()) {
      throw new GradError(
        `${op}: called inside noGrad(), where no graph is recorded; call it outside noGrad()`,
      );
    }
    const argnums = normalizeArgnums(op, options.argnums ?? 0, args.length);
    const paths = argnums.map((i) => `argument ${i}`);
    const selected = argnums.map((i, k) => mapTensors(op, args[i], (t) => t, paths[k]!));
    let createGraph = options.createGraph ?? traceDepth > 0;
    // Each differentiated tensor is replaced by a fresh handle (a tracer) that requires grad,
    // so the caller's tensors are never marked. Under an outer trace the tracer stays
    // connected to the caller's tensor by a recorded reshape, for gradients of gradients.
    const tracers: Tensor[] = [];
    const traced = [...args] as unknown[];
    argnums.forEach((i, k) => {
      traced[i] = mapTensors(
        op,
        selected[k],
        (t, path) => {
          if (!isFloat(t.dtype)) {
            throw new DTypeError(`${op}: ${path} is ${t.dtype}; only float tensors can be differentiated`);
          }
          if (t.requiresGrad && options.createGraph === undefined) createGraph = true;
          const tracer = createGraph && t.requiresGrad ? reshape(t, t.shape) : t.detach();
          tracer.requiresGrad = true;
          tracers.push(tracer);
          return tracer;
        },
        paths[k]!,
      );
    });
    traceDepth++;
    try {
      const value = checkScalarOutput(op, f(...(traced as A)));
      let reached = new Map<Tensor, Tensor>();
      if (value.requiresGrad) {
        const run = () =>
          propagate(value, seedCotangent(op, value, undefined), {
            op,
            targets: new Set(tracers),
            retainGraph: createGraph,
            createGraph,
          });
        reached = createGraph ? run() : noGrad(run);
      }
      const grads = tracers.map(
        (t) => reached.get(t) ?? zeros(t.shape, { dtype: t.dtype, backend: t.backend }),
      );
      if (!createGraph) {
        // a plain value, like JAX's; the tracers are done
        forgetGraph(value);
        for (const t of tracers) if (t !== value) t.dispose();
      }
      let next = 0;
      const gradTrees = argnums.map((_, k) => mapTensors(op, selected[k], () => grads[next++]!, paths[k]!));
      // a cotangent reached a tracer only if the value was computed from it, here
      const madeHere = reached.size > 0 && !tracers.includes(value);
      return { value, grads: gradTrees, madeHere };
    } finally {
      traceDepth--;
    }
  };
}

/**
 * JAX's value_and_grad: `valueAndGrad(f)(...args)` returns `[f(...args), df/dargs]`.
 * `f` returns a single-element float tensor; the differentiated arguments
 * (`argnums`, default 0) are tensors or arrays/objects of tensors, and each
 * gradient has the same structure. The caller's tensors are not modified.
 */
export function valueAndGrad<A extends unknown[]>(
  f: Scalar<A>,
  options?: GradOptions<0> & { readonly argnums?: 0 },
): (...args: A) => [Tensor, A[0]];
export function valueAndGrad<A extends unknown[], const N extends number>(
  f: Scalar<A>,
  options: GradOptions<N> & { readonly argnums: N },
): (...args: A) => [Tensor, A[N]];
export function valueAndGrad<A extends unknown[], const N extends readonly number[]>(
  f: Scalar<A>,
  options: GradOptions<N> & { readonly argnums: N },
): (...args: A) => [Tensor, ArgsAt<A, N>];
export function valueAndGrad<A extends unknown[]>(f: Scalar<A>, options: GradOptions = {}) {
  const run = makeValueAndGrad('valueAndGrad', f, options);
  const many = Array.isArray(options.argnums);
  return (...args: A) => {
    const { value, grads } = run(...args);
    return [value, many ? grads : grads[0]];
  };
}

/** JAX's grad: like valueAndGrad, returning only the gradient. */
export function grad<A extends unknown[]>(
  f: Scalar<A>,
  options?: GradOptions<0> & { readonly argnums?: 0 },
): (...args: A) => A[0];
export function grad<A extends unknown[], const N extends number>(
  f: Scalar<A>,
  options: GradOptions<N> & { readonly argnums: N },
): (...args: A) => A[N];
export function grad<A extends unknown[], const N extends readonly number[]>(
  f: Scalar<A>,
  options: GradOptions<N> & { readonly argnums: N },
): (...args: A) => ArgsAt<A, N>;
export function grad<A extends unknown[]>(f: Scalar<A>, options: GradOptions = {}) {
  const run = makeValueAndGrad('grad', f, options);
  const many = Array.isArray(options.argnums);
  return (...args: A) => {
    const { value, grads, madeHere } = run(...args);
    if (madeHere && !value.requiresGrad) value.dispose();
    return many ? grads : grads[0];
  };
}
