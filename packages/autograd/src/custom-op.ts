import { type CustomVjp, isFloat, isGradEnabled, noGrad, prim, Tensor, ValueError } from '@isotropic/tensor';
import { installBackward } from './install.js';

/** What a custom op's backward receives besides the output's cotangent. */
export interface CustomOpContext<I extends readonly Tensor[], S> {
  readonly inputs: I;
  readonly output: Tensor;
  /** Whatever forward returned as `saved` (e.g. intermediates worth reusing). */
  readonly saved: S;
  /** needsGrad[i]: input i wants a gradient; return null for the others to skip work. */
  readonly needsGrad: readonly boolean[];
}

export interface CustomOpDefinition<I extends readonly Tensor[], S> {
  /** Names the op in graph records and error messages. */
  readonly name: string;
  /** Computes the output. Runs without graph recording; may return values for backward. */
  forward(...inputs: I): Tensor | { readonly output: Tensor; readonly saved: S };
  /** One gradient per input (null or undefined for none), each of that input's shape and dtype. */
  backward(g: Tensor, ctx: CustomOpContext<I, S>): readonly (Tensor | null | undefined)[];
}

/**
 * A differentiable op with a hand-written gradient, e.g. a fused kernel whose
 * backward is cheaper than differentiating its composition. The forward runs
 * once, unrecorded; the graph gets a single `custom` node whose rule is `backward`.
 * The backward is itself made of ops, so it is differentiable again under createGraph.
 */
export function defineOp<I extends readonly Tensor[], S = undefined>(
  definition: CustomOpDefinition<I, S>,
): (...inputs: I) => Tensor {
  const { name } = definition;
  return (...inputs: I) => {
    installBackward();
    const result = noGrad(() => definition.forward(...inputs));
    const { output, saved } = result instanceof Tensor ? { output: result, saved: undefined as S } : result;
    if (!(output instanceof Tensor)) {
      throw new ValueError(`custom op '${name}': forward must return a Tensor or { output, saved }`);
    }
    if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return output;
    // never attach a node to a caller's tensor (a forward may return an input as is)
    const out = inputs.includes(output) ? output.detach() : output;
    const needsGrad = inputs.map((t) => t.requiresGrad && isFloat(t.dtype));
    const vjp: CustomVjp = (g, _inputs, y) =>
      definition.backward(g, { inputs, output: y, saved, needsGrad }).map((c) => c ?? null);
    return prim.customP(out, name, vjp, inputs);
  };
}

/** defineOp with positional arguments: `customGrad(name, forward, backward)`. */
export function customGrad<I extends readonly Tensor[]>(
  name: string,
  forward: (...inputs: I) => Tensor,
  backward: (g: Tensor, ctx: CustomOpContext<I, undefined>) => readonly (Tensor | null | undefined)[],
): (...inputs: I) => Tensor {
  return defineOp<I, undefined>({ name, forward, backward });
}
