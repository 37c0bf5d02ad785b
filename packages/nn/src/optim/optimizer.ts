import { fmtShape, noGrad, scope, type Tensor, ValueError } from '@isotropic/tensor';
import { OptimizerStateError } from '../errors.js';
import type { Parameter } from '../parameter.js';
import { StepScalars } from './step-scalars.js';

/** A hyperparameter value (JSON-serialisable). */
export type HyperValue = number | boolean | readonly number[];
export type Hyperparameters = { lr: number } & Record<string, HyperValue>;

/**
 * Parameters with their own hyperparameters (PyTorch's param_groups). Unset
 * values come from the optimiser's defaults. `lrScale` is the group's share of
 * the learning rate set by setLr() (default: its lr / the default lr).
 */
export type ParamGroupSpec<H extends Hyperparameters> = {
  readonly params: readonly Parameter[];
  readonly lrScale?: number;
} & Partial<H>;

export interface ParamGroup<H extends Hyperparameters> {
  readonly params: readonly Parameter[];
  hyper: H;
  lrScale: number;
}

/** Per-parameter state: the number of updates and named tensors (moments, momentum buffers). */
export interface ParamState {
  step: number;
  readonly slots: Map<string, Tensor>;
}

/** What state() returns and loadState() takes; everything but `tensors` is plain JSON. */
export interface OptimizerState {
  readonly kind: string;
  readonly groups: readonly {
    readonly hyper: Readonly<Record<string, HyperValue>>;
    readonly lrScale: number;
    /** Indices into the optimiser's parameter order. */
    readonly params: readonly number[];
  }[];
  /** Update count per parameter index. */
  readonly steps: readonly number[];
  /** Slot tensors by `<parameter index>.<slot name>`, e.g. `3.exp_avg`. */
  readonly tensors: Readonly<Record<string, Tensor>>;
}

function isGroupList<H extends Hyperparameters>(
  params: readonly Parameter[] | readonly ParamGroupSpec<H>[],
): params is readonly ParamGroupSpec<H>[] {
  return params.length > 0 && 'params' in params[0]!;
}

/**
 * Shared machinery: parameter groups, per-parameter state, zeroGrad, learning
 * rate control and (de)serialisable state. A subclass only writes `update`, the
 * rule for one parameter. step() runs it under noGrad() in its own scope:
 * temporaries are released, new values and state tensors are kept.
 */
export abstract class Optimizer<H extends Hyperparameters> {
  readonly groups: ParamGroup<H>[];
  readonly #state = new Map<Parameter, ParamState>();
  protected abstract readonly kind: string;

  constructor(
    params: readonly Parameter[] | readonly ParamGroupSpec<H>[],
    readonly defaults: H,
  ) {
    const specs: readonly ParamGroupSpec<H>[] = isGroupList(params)
      ? params
      : [{ params } as ParamGroupSpec<H>];
    const seen = new Set<Parameter>();
    this.groups = specs.map((spec, i) => {
      const { params: ps, lrScale, ...overrides } = spec;
      for (const p of ps) {
        if (seen.has(p)) throw new ValueError(`${new.target.name}: a parameter appears twice (group ${i})`);
        seen.add(p);
      }
      const hyper = { ...defaults, ...overrides } as H;
      this.validate(hyper);
      const scale = lrScale ?? (defaults.lr > 0 ? hyper.lr / defaults.lr : 1);
      return { params: [...ps], hyper, lrScale: scale };
    });
  }

  /** Throws a ValueError naming the optimiser and the bad hyperparameter. */
  protected abstract validate(hyper: H): void;

  /** Updates one parameter from its gradient; `scalar` gives per-step scalar tensors. */
  protected abstract update(
    p: Parameter,
    grad: Tensor,
    state: ParamState,
    hyper: H,
    scalar: StepScalars,
  ): void;

  /** All parameters, in group order (the indices used by state()). */
  parameters(): Parameter[] {
    return this.groups.flatMap((g) => g.params);
  }

  /** One update of every parameter that has a gradient (others are skipped, as in PyTorch). */
  step(): void {
    noGrad(() =>
      scope(() => {
        const scalars = new StepScalars();
        for (const group of this.groups) {
          for (const p of group.params) {
            const grad = p.grad;
            if (!grad) continue;
            let state = this.#state.get(p);
            if (!state) {
              state = { step: 0, slots: new Map() };
              this.#state.set(p, state);
            }
            this.update(p, grad, state, group.hyper, scalars);
          }
        }
      }, `${this.kind}.step`),
    );
  }

  /** Replaces a state tensor, keeping the new one beyond scopes and disposing the old. */
  protected setSlot(state: ParamState, name: string, t: Tensor): void {
    const old = state.slots.get(name);
    state.slots.set(name, t.keep());
    if (old && old !== t) old.dispose();
  }

  /** Disposes every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /** The first group's learning rate. */
  get lr(): number {
    return this.groups[0]?.hyper.lr ?? this.defaults.lr;
  }

  /** Sets each group's lr to `lr` times its lrScale (call it every step with a schedule's value). */
  setLr(lr: number): void {
    if (!(lr >= 0)) throw new ValueError(`${this.kind}.setLr: lr must be >= 0, got ${lr}`);
    for (const g of this.groups) g.hyper = { ...g.hyper, lr: lr * g.lrScale };
  }

  /** A snapshot of the state (tensor handles share data, no copies; the caller owns them). */
  state(): OptimizerState {
    const params = this.parameters();
    const index = new Map(params.map((p, i) => [p, i]));
    const tensors: Record<string, Tensor> = {};
    const steps = params.map((p, i) => {
      const s = this.#state.get(p);
      for (const [name, t] of s?.slots ?? []) tensors[`${i}.${name}`] = t.detach();
      return s?.step ?? 0;
    });
    return {
      kind: this.kind,
      groups: this.groups.map((g) => ({
        hyper: { ...g.hyper },
        lrScale: g.lrScale,
        params: g.params.map((p) => index.get(p)!),
      })),
      steps,
      tensors,
    };
  }

  /** Restores a state() from an optimiser over parameters of the same shapes, in the same order. */
  loadState(state: OptimizerState): void {
    const params = this.parameters();
    const fail = (why: string) => {
      throw new OptimizerStateError(`${this.kind}.loadState: ${why}`);
    };
    if (state.kind !== this.kind) fail(`the state is from ${state.kind}, not ${this.kind}`);
    if (state.groups.length !== this.groups.length) {
      fail(`the state has ${state.groups.length} parameter groups, this optimiser ${this.groups.length}`);
    }
    state.groups.forEach((g, i) => {
      if (g.params.length !== this.groups[i]!.params.length) {
        fail(
          `group ${i} has ${g.params.length} parameters in the state, ${this.groups[i]!.params.length} here`,
        );
      }
    });
    if (state.steps.length !== params.length)
      fail(`the state has ${state.steps.length} parameters, this optimiser ${params.length}`);
    const slots: [number, string, Tensor][] = Object.entries(state.tensors).map(([key, t]) => {
      const dot = key.indexOf('.');
      const i = Number(key.slice(0, dot));
      const p = params[i];
      if (dot < 1 || !p) fail(`state tensor '${key}' does not name a parameter index below ${params.length}`);
      if (t.ndim !== p!.shape.length || t.shape.some((d, k) => d !== p!.shape[k])) {
        fail(
          `state tensor '${key}' has shape ${fmtShape(t.shape)}, parameter ${i} has ${fmtShape(p!.shape)}`,
        );
      }
      return [i, key.slice(dot + 1), t];
    });
    this.dispose();
    state.groups.forEach((g, i) => {
      const group = this.groups[i]!;
      group.hyper = { ...group.hyper, ...g.hyper } as H;
      group.lrScale = g.lrScale;
    });
    params.forEach((p, i) => {
      if (state.steps[i]! > 0) this.#state.set(p, { step: state.steps[i]!, slots: new Map() });
    });
    for (const [i, name, t] of slots) {
      const p = params[i]!;
      let s = this.#state.get(p);
      if (!s) {
        s = { step: 0, slots: new Map() };
        this.#state.set(p, s);
      }
      s.slots.set(name, (t.dtype === p.dtype ? t.detach() : noGrad(() => t.cast(p.dtype))).keep());
    }
  }

  /** Releases the state tensors (the parameters are not touched). */
  dispose(): void {
    for (const s of this.#state.values()) for (const t of s.slots.values()) t.dispose();
    this.#state.clear();
  }
}
