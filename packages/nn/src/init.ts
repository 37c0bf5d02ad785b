import {
  type Backend,
  contiguous,
  full,
  type Key,
  type Shape,
  splitKey,
  truncatedNormal,
  ValueError,
} from '@isotropic/tensor';

/** Where new weights live and how they are drawn. */
export interface InitOptions {
  /** Philox key for the random draws; default: the global stream (see manualSeed). */
  readonly key?: Key;
  readonly dtype?: 'float32' | 'float64';
  readonly backend?: Backend;
}

/**
 * timm's trunc_normal_(tensor, std=std): normal(0, std) resampled into the
 * absolute interval [a, b], by default timm's [-2, 2] (for std 0.02 that cuts
 * nothing in practice; pass tighter bounds to truncate at a few std).
 */
export function truncNormal(
  shape: Shape,
  std: number,
  options: InitOptions & { a?: number; b?: number } = {},
) {
  if (!(std > 0)) throw new ValueError(`truncNormal: std must be positive, got ${std}`);
  const { a = -2, b = 2, ...rest } = options;
  return truncatedNormal(shape, { ...rest, mean: 0, std, a, b });
}

/** A dense tensor of one value (a parameter owns its storage, not a broadcast view of one element). */
function filled(shape: Shape, value: number, options: InitOptions) {
  const view = full(shape, value, { dtype: options.dtype ?? 'float32', backend: options.backend });
  const dense = contiguous(view);
  view.dispose();
  return dense;
}

export function zerosInit(shape: Shape, options: InitOptions = {}) {
  return filled(shape, 0, options);
}

export function onesInit(shape: Shape, options: InitOptions = {}) {
  return filled(shape, 1, options);
}

/** `n` keys for a module's parts, or undefined ones when the module has no key (global stream). */
export function childKeys(key: Key | undefined, n: number): (Key | undefined)[] {
  return key ? splitKey(key, n) : new Array<undefined>(n).fill(undefined);
}
