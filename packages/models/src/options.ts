import { ModelOptionError } from './errors.js';

/**
 * Checks an options object against the names a model accepts. Options arrive
 * from code, CLI flags and config files alike, so a misspelt name must fail
 * loudly instead of silently keeping the default.
 */
export function rejectUnknownOptions(model: string, options: object, known: readonly string[]): void {
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined && !known.includes(name)) {
      throw new ModelOptionError(
        model,
        name,
        `is not an option of this model (options: ${known.join(', ')})`,
      );
    }
  }
}

export function positiveInteger(model: string, option: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ModelOptionError(model, option, `must be a positive integer, got ${value}`);
  }
  return value;
}

/** Kernel sizes: odd, so that 'same' padding centres the window. */
export function oddPositiveInteger(model: string, option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value % 2 === 0) {
    throw new ModelOptionError(model, option, `must be an odd positive integer, got ${value}`);
  }
  return value;
}

export function nonNegativeInteger(model: string, option: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new ModelOptionError(model, option, `must be a non-negative integer, got ${value}`);
  }
  return value;
}

export function positiveNumber(model: string, option: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new ModelOptionError(model, option, `must be a positive number, got ${value}`);
  }
  return value;
}

/** A drop rate: dropout and stochastic-depth probabilities live in [0, 1). */
export function dropRate(model: string, option: string, value: number): number {
  if (!(value >= 0 && value < 1)) {
    throw new ModelOptionError(model, option, `must be in [0, 1), got ${value}`);
  }
  return value;
}

export function oneOf<T extends string>(model: string, option: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) {
    throw new ModelOptionError(
      model,
      option,
      `must be ${allowed.map((a) => `'${a}'`).join(' or ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** A size given as one number or a [height, width] pair. */
export function sizePair(model: string, option: string, value: number | readonly number[]): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : [...value];
  if (pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v > 0)) {
    throw new ModelOptionError(
      model,
      option,
      `must be a positive integer or a [height, width] pair, got ${JSON.stringify(value)}`,
    );
  }
  return [pair[0]!, pair[1]!];
}
