import { fmtShape, type Tensor } from '@isotropic/tensor';
import { type ShapeMismatch, StateDictError } from './errors.js';
import type { Variable } from './parameter.js';

export type StateDictInput = Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>;

export interface LoadStateDictResult {
  readonly missingKeys: readonly string[];
  readonly unexpectedKeys: readonly string[];
}

/** A state dict's entries as a map, whichever form it came in. */
export function stateEntries(state: StateDictInput): ReadonlyMap<string, Tensor> {
  return state instanceof Map ? state : new Map(Object.entries(state as Readonly<Record<string, Tensor>>));
}

function list(title: string, items: readonly string[]): string {
  return items.length ? `\n  ${title} (${items.length}): ${items.join(', ')}` : '';
}

/**
 * Checks every key first and loads nothing unless all of them fit, so that a
 * failed load leaves the module as it was. A value on another backend fits if
 * it can be read synchronously (the CPU backend); `convert` moves it.
 */
export function loadStateInto(
  moduleName: string,
  slots: ReadonlyMap<string, Variable>,
  state: StateDictInput,
  strict: boolean,
  convert: (t: Tensor, slot: Variable) => Tensor,
): LoadStateDictResult {
  const entries = stateEntries(state);
  const missingKeys = [...slots.keys()].filter((k) => !entries.has(k));
  const unexpectedKeys = [...entries.keys()].filter((k) => !slots.has(k));
  const shapeMismatches: ShapeMismatch[] = [];
  for (const [key, slot] of slots) {
    const t = entries.get(key);
    if (t && (t.ndim !== slot.shape.length || t.shape.some((d, i) => d !== slot.shape[i]))) {
      shapeMismatches.push({ key, expected: slot.shape, got: t.shape });
    }
  }
  const unreadable = [...slots]
    .map(([key, slot]) => ({ key, t: entries.get(key), to: slot.value.backend }))
    .filter(({ t, to }) => t && t.backend !== to && !t.backend.readSync)
    .map(({ key, t, to }) => `${key} (${t!.backend.name} -> ${to.name})`);
  const keyProblems = strict && (missingKeys.length > 0 || unexpectedKeys.length > 0);
  if (keyProblems || shapeMismatches.length > 0 || unreadable.length > 0) {
    throw new StateDictError(
      `${moduleName}.loadStateDict: the state dict does not fit the module` +
        list('missing keys', strict ? missingKeys : []) +
        list('unexpected keys', strict ? unexpectedKeys : []) +
        list(
          'shape mismatches',
          shapeMismatches.map((m) => `${m.key}: expected ${fmtShape(m.expected)}, got ${fmtShape(m.got)}`),
        ) +
        list('on a backend read asynchronously (use `await module.loadStateDictAsync(state)`)', unreadable),
      missingKeys,
      unexpectedKeys,
      shapeMismatches,
    );
  }
  for (const [key, t] of entries) {
    const slot = slots.get(key);
    if (slot) slot.assign(convert(t, slot));
  }
  return { missingKeys, unexpectedKeys };
}
