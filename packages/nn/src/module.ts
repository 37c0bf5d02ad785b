import {
  type Backend,
  cast,
  type DType,
  noGrad,
  type Tensor,
  tensor,
  toBackend,
  ValueError,
} from '@isotropic/tensor';
import {
  type LoadStateDictResult,
  loadStateInto,
  type StateDictInput,
  stateEntries,
} from './load-state-dict.js';
import { Parameter, Variable } from './parameter.js';
import { stateName } from './state-names.js';

/** Any module, whatever its forward signature (for containers and tree walks). */
export type AnyModule = Module<never, unknown>;

/**
 * A building block with named parameters, buffers and child modules, like
 * PyTorch's nn.Module. Subclasses assign them to properties in the constructor:
 * a `Parameter` property is a parameter, another `Variable` is a buffer, a
 * `Module` property is a child. Names follow property order, in snake_case
 * (see state-names.ts), dotted by nesting: `blocks.0.attn.qkv.weight`.
 *
 * Call `module.call(x)` (or `forward`) to run it.
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** Training mode (dropout active, batch statistics); see train() / eval(). */
  training = true;

  abstract forward(...inputs: In): Out;

  /** Runs forward: `model.call(x)`. */
  call(...inputs: In): Out {
    return this.forward(...inputs);
  }

  /** Direct children by name, in property order (ModuleList and Sequential name them 0, 1, ...). */
  namedChildren(): [string, AnyModule][] {
    return this.ownEntries().flatMap(([k, v]) => (v instanceof Module ? [[k, v as AnyModule]] : []));
  }

  /** This module's own parameters and buffers (not its children's), by name. */
  protected ownVariables(): [string, Variable][] {
    return this.ownEntries().flatMap(([k, v]) => (v instanceof Variable ? [[k, v]] : []));
  }

  private ownEntries(): [string, unknown][] {
    return Object.entries(this).flatMap(([k, v]): [string, unknown][] => {
      if (Array.isArray(v) && v.some((x) => x instanceof Module || x instanceof Variable)) {
        throw new ValueError(
          `${this.constructor.name}.${k}: an array of modules or parameters is not tracked; use ModuleList`,
        );
      }
      return [[stateName(k), v]];
    });
  }

  /** This module and all its descendants, depth first, with dotted names ('' for this one). */
  namedModules(prefix = ''): [string, AnyModule][] {
    const out: [string, AnyModule][] = [[prefix, this as unknown as AnyModule]];
    for (const [name, child] of this.namedChildren()) {
      out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name));
    }
    return out;
  }

  private namedVariables(): [string, Variable][] {
    return this.namedModules().flatMap(([prefix, m]) =>
      m.ownVariables().map(([name, v]): [string, Variable] => [prefix ? `${prefix}.${name}` : name, v]),
    );
  }

  /** Every parameter with its dotted name; a parameter shared by two modules is listed once. */
  namedParameters(): [string, Parameter][] {
    const seen = new Set<Parameter>();
    return this.namedVariables().flatMap(([name, v]): [string, Parameter][] => {
      if (!(v instanceof Parameter) || seen.has(v)) return [];
      seen.add(v);
      return [[name, v]];
    });
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Every buffer (a Variable that is not a Parameter) with its dotted name. */
  namedBuffers(): [string, Variable][] {
    return this.namedVariables().filter(([, v]) => !(v instanceof Parameter));
  }

  /** Number of trainable elements. */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.value.size, 0);
  }

  /** Sets training mode on this module and all descendants. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: dropout off, BatchNorm uses running statistics. */
  eval(): this {
    return this.train(false);
  }

  /** Disposes every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /**
   * Parameters and buffers by dotted name. A snapshot: each entry is a new handle
   * on the current data (no copy), unaffected by later updates. The caller owns
   * the handles: create them inside scope() or dispose them.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, v] of this.namedVariables()) out[name] = v.value.detach();
    return out;
  }

  /**
   * Loads parameters and buffers by name (values are cast to each slot's dtype).
   * Shapes must match. With `strict` (default), keys must match exactly; every
   * missing key, unexpected key and shape mismatch is reported in one StateDictError.
   * Values on another backend are copied to the module's when they can be read
   * synchronously (from the CPU backend); from WebGPU use `loadStateDictAsync`.
   */
  loadStateDict(state: StateDictInput, options: { readonly strict?: boolean } = {}): LoadStateDictResult {
    return noGrad(() =>
      loadStateInto(
        this.constructor.name,
        new Map(this.namedVariables()),
        state,
        options.strict ?? true,
        (t, v) => {
          if (t.backend !== v.value.backend) return onBackend(t, v.value.backend, v.dtype);
          return t.dtype === v.dtype ? t.detach() : cast(t, v.dtype);
        },
      ),
    );
  }

  /**
   * `loadStateDict` from any backend: values on another backend than the module's
   * (a WebGPU-trained state into a CPU model, say) are read back first.
   */
  async loadStateDictAsync(
    state: StateDictInput,
    options: { readonly strict?: boolean } = {},
  ): Promise<LoadStateDictResult> {
    const slots = new Map(this.namedVariables());
    const moved: Tensor[] = [];
    const local = new Map<string, Tensor>();
    for (const [key, t] of stateEntries(state)) {
      const target = slots.get(key)?.value.backend;
      if (target && t.backend !== target && !t.backend.readSync) {
        const copy = await toBackend(t, target);
        moved.push(copy);
        local.set(key, copy);
      } else local.set(key, t);
    }
    try {
      return this.loadStateDict(local, options);
    } finally {
      for (const t of moved) t.dispose();
    }
  }

  /** Releases every parameter and buffer. */
  dispose(): void {
    for (const [, v] of this.namedVariables()) v.dispose();
  }
}

/**
 * A copy of `t` on `backend`, converted to `dtype` on the way (`t`'s backend reads
 * synchronously: loadStateInto checked that before loading anything).
 */
function onBackend(t: Tensor, backend: Backend, dtype: DType): Tensor {
  return tensor(t.dataSync(), t.shape, { dtype, backend });
}
