import { fmtShape, type Tensor } from '@isotropic/tensor';
import { type ShapeMismatch, StateDictError } from './errors.js';
import type { Variable } from './parameter.js';

export type StateDictInput = Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>;

export interface LoadStateDictResult {
  readonly missingKeys: readonly string[];
  readonly unexpectedKeys: readonly string[];
}

function list(title: string, items: readonly string[]): string {
  return items.length ? `\n  ${title} (${items.length}): ${items.join(', ')}` : '';
}

/**
 * Checks every key first and loads nothing unless all of them fit, so that a
 * failed load leaves the module as it was.
 */
export function loadStateInto(
  moduleName: string,
  slots: ReadonlyMap<string, Variable>,
  state: StateDictInput,
  strict: boolean,
  convert: (t: Tensor, slot: Variable) => Tensor,
): LoadStateDictResult {
  const entries: ReadonlyMap<string, Tensor> =
    state instanceof Map ? state : new Map(Object.entries(state as Readonly<Record<string, Tensor>>));
  const missingKeys = [...slots.keys()].filter((k) => !entries.has(k));
  const unexpectedKeys = [...entries.keys()].filter((k) => !slots.has(k));
  const shapeMismatches: ShapeMismatch[] = [];
  for (const [key, slot] of slots) {
    const t = entries.get(key);
    if (t && (t.ndim !== slot.shape.length || t.shape.some((d, i) => d !== slot.shape[i]))) {
      shapeMismatches.push({ key, expected: slot.shape, got: t.shape });
    }
  }
  const keyProblems = strict && (missingKeys.length > 0 || unexpectedKeys.length > 0);
  if (keyProblems || shapeMismatches.length > 0) {
    throw new StateDictError(
      `${moduleName}.loadStateDict: the state dict does not fit the module` +
        list('missing keys', strict ? missingKeys : []) +
        list('unexpected keys', strict ? unexpectedKeys : []) +
        list(
          'shape mismatches',
          shapeMismatches.map((m) => `${m.key}: expected ${fmtShape(m.expected)}, got ${fmtShape(m.got)}`),
        ),
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
