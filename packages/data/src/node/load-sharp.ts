import type sharpModule from 'sharp';
import { DataError } from '../errors.js';

export type Sharp = typeof sharpModule;

/**
 * sharp is an optional peer dependency: it is only loaded when a folder of
 * images is actually read, and its absence is a clear error, not a crash at import.
 */
export async function loadSharp(): Promise<Sharp> {
  try {
    const module = (await import('sharp')) as { default: Sharp };
    return module.default;
  } catch (error) {
    throw new DataError(
      'MISSING_DEPENDENCY',
      'loadImageFolder needs the optional dependency `sharp` to decode images; install it with `npm install sharp`',
      { cause: error },
    );
  }
}
