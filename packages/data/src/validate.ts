import { DataError } from './errors.js';

/** Option checks shared by every factory, so all messages read the same way. */

function fail(option: string, expected: string, value: unknown): never {
  throw new DataError('INVALID_OPTION', `option \`${option}\` must be ${expected}, got ${render(value)}`, {
    option,
  });
}

function render(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function requireInteger(
  option: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    fail(option, `an integer ${range}`, value);
  }
  return value;
}

export function requireNumber(option: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(option, `a number in [${min}, ${max}]`, value);
  }
  return value;
}

export function requireProbability(option: string, value: unknown): number {
  return requireNumber(option, value, 0, 1);
}

export function requireBoolean(option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(option, 'a boolean', value);
  return value;
}

/** Bounds for `requireRange`; `above` is an exclusive lower bound (e.g. scales and sigmas must be > 0). */
export type RangeBounds = { min: number; max?: number } | { above: number; max?: number };

/** A `[low, high]` pair with low <= high inside `bounds`. */
export function requireRange(option: string, value: unknown, bounds: RangeBounds): readonly [number, number] {
  const max = bounds.max ?? Number.POSITIVE_INFINITY;
  const lowOk = (low: number) => ('above' in bounds ? low > bounds.above : low >= bounds.min);
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1]) &&
    lowOk(value[0]) &&
    value[0] <= value[1] &&
    value[1] <= max;
  if (!ok) {
    const lower = 'above' in bounds ? `${bounds.above} < low` : `${bounds.min} <= low`;
    const upper = max === Number.POSITIVE_INFINITY ? '' : ` <= ${max}`;
    fail(option, `a [low, high] pair with ${lower} <= high${upper}`, value);
  }
  return [value[0], value[1]];
}

/** A size given as `n` (square) or `[height, width]`, each a positive integer. */
export function requireSize(option: string, value: unknown): readonly [number, number] {
  if (typeof value === 'number') {
    requireInteger(option, value, 1);
    return [value, value];
  }
  if (Array.isArray(value) && value.length === 2) {
    requireInteger(`${option}[0]`, value[0], 1);
    requireInteger(`${option}[1]`, value[1], 1);
    return [value[0], value[1]];
  }
  return fail(option, 'a positive integer or a [height, width] pair', value);
}

export function requireNumberList(option: string, value: unknown, minExclusive?: number): readonly number[] {
  if (!Array.isArray(value) || value.length === 0) fail(option, 'a non-empty array of numbers', value);
  value.forEach((entry, i) => {
    const bad =
      typeof entry !== 'number' ||
      !Number.isFinite(entry) ||
      (minExclusive !== undefined && entry <= minExclusive);
    if (bad)
      fail(`${option}[${i}]`, minExclusive === undefined ? 'a finite number' : `> ${minExclusive}`, entry);
  });
  return value as number[];
}
