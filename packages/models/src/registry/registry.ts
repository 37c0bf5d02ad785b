import { Backbone, type BackboneOptions } from '../backbone.js';
import { ModelRegistryError, UnknownModelError } from '../errors.js';
import { builtinCnns } from './builtin-cnn.js';
import { builtinConvNeXts } from './builtin-convnext.js';
import { builtinSmallVits } from './builtin-small-vit.js';
import { builtinVits } from './builtin-vit.js';
import type { BackboneFactory, ModelEntry, ModelInfo, ModelOptions } from './model-entry.js';
import { closestNames, globMatcher } from './suggest.js';

const models = new Map<string, ModelEntry>(
  [...builtinVits(), ...builtinSmallVits(), ...builtinConvNeXts(), ...builtinCnns()].map((e) => [e.name, e]),
);

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export interface RegisterBackboneOptions {
  readonly description?: string;
  /** Replace an earlier registerBackbone of the same name (built-in names can never be replaced). */
  readonly overwrite?: boolean;
}

/**
 * Makes `name` available to createModel, and so to the trainer, the CLI and the
 * examples. The factory receives the caller's options (validate the ones you
 * read) and the name, and must return a Backbone.
 */
export function registerBackbone<O extends BackboneOptions = BackboneOptions>(
  name: string,
  factory: BackboneFactory<O>,
  options: RegisterBackboneOptions = {},
): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new ModelRegistryError(
      `registerBackbone: a name is letters, digits, '_', '.' or '-', got ${JSON.stringify(name)}`,
    );
  }
  if (typeof factory !== 'function') {
    throw new ModelRegistryError(`registerBackbone('${name}'): the factory must be a function`);
  }
  const existing = models.get(name);
  if (existing && (existing.family !== 'custom' || !options.overwrite)) {
    throw new ModelRegistryError(
      existing.family === 'custom'
        ? `registerBackbone('${name}'): the name is taken (pass overwrite: true to replace it)`
        : `registerBackbone('${name}'): '${name}' is a built-in model; pick another name`,
    );
  }
  models.set(name, {
    name,
    family: 'custom',
    description: options.description,
    factory: factory as BackboneFactory<never>,
  });
}

/** Removes a registerBackbone'd name; returns whether it was there. Built-ins stay. */
export function unregisterBackbone(name: string): boolean {
  if (models.get(name)?.family !== 'custom') return false;
  return models.delete(name);
}

/** Registered names, sorted; `filter` is a glob like timm's list_models ('vit_*', '*_patch4_*'). */
export function listModels(filter?: string): string[] {
  const names = [...models.keys()].sort();
  return filter === undefined ? names : names.filter(globMatcher(filter));
}

function lookup(name: string): ModelEntry {
  const entry = models.get(name);
  if (!entry) throw new UnknownModelError(name, closestNames(name, models.keys()));
  return entry;
}

/** What the registry knows about `name` (family, timm equivalent, preset); throws UnknownModelError. */
export function modelInfo(name: string): ModelInfo {
  const { factory: _, ...info } = lookup(name);
  return info;
}

/** Duck-typed, so that a backbone from another copy of this package is accepted too. */
function isBackbone(value: unknown): value is Backbone {
  if (value instanceof Backbone) return true;
  const v = value as Partial<Backbone> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.forwardFeatures === 'function' &&
    typeof v.embed === 'function' &&
    typeof v.parameters === 'function' &&
    Number.isInteger(v.embedDim)
  );
}

/**
 * Builds a registered model. Options override the name's preset (as timm's
 * create_model kwargs do); with no `numClasses` there is no classifier head.
 * Throws UnknownModelError (with close names), ModelOptionError for options the
 * model does not take, ModelRegistryError when a custom factory misbehaves.
 */
export function createModel(name: string, options?: ModelOptions): Backbone;
/** A registered backbone with options of its own. */
export function createModel<O extends BackboneOptions>(name: string, options: O): Backbone;
export function createModel(name: string, options: BackboneOptions = {}): Backbone {
  const entry = lookup(name);
  const model: unknown = (entry.factory as BackboneFactory)(options, name);
  if (!isBackbone(model)) {
    throw new ModelRegistryError(
      `createModel('${name}'): the registered factory returned ${model === null ? 'null' : typeof model}` +
        ' without forwardFeatures / embed / embedDim; it must return a Backbone',
    );
  }
  if (!(model.embedDim > 0)) {
    throw new ModelRegistryError(
      `createModel('${name}'): embedDim must be a positive integer, got ${model.embedDim}`,
    );
  }
  return model;
}
