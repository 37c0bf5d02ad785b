/**
 * Every failure this package raises on purpose is a `DataError` with a stable
 * `code`, so callers can branch on the kind of problem instead of parsing
 * messages, and the message itself names the file, index or option involved.
 */
export type DataErrorCode =
  /** An option or argument has the wrong type or is out of range. */
  | 'INVALID_OPTION'
  /** A dataset index is not an integer in [0, length). */
  | 'INDEX_OUT_OF_RANGE'
  /** An image's data length does not match channels x height x width, or channels are unsupported. */
  | 'INVALID_IMAGE'
  /** Samples in one batch disagree on something that must match (e.g. channel count). */
  | 'SHAPE_MISMATCH'
  /** A file exists but could not be read or decoded as an image. */
  | 'DECODE_FAILED'
  /** A folder or file does not exist. */
  | 'NOT_FOUND'
  /** A folder holds no images with a supported extension. */
  | 'EMPTY_FOLDER'
  /** Images were found but none of them could be decoded. */
  | 'NO_READABLE_IMAGES'
  /** An image sits next to class folders instead of inside one. */
  | 'UNLABELED_FILE'
  /** An optional peer dependency (sharp, fashion-mnist, mnist) is not installed. */
  | 'MISSING_DEPENDENCY'
  /** A cache or dataset file does not have the expected binary layout. */
  | 'CORRUPT_FILE'
  /** A saved loader state does not belong to this loader's dataset/options. */
  | 'STATE_MISMATCH'
  /** A worker thread / Web Worker crashed or could not start. */
  | 'WORKER_FAILED'
  /** The loader was used in a way its design does not allow (e.g. two iterations at once). */
  | 'INVALID_STATE';

export interface DataErrorDetails {
  /** File or folder the error is about. */
  path?: string;
  /** Dataset index the error is about. */
  index?: number;
  /** Name of the offending option, e.g. `batchSize` or `colorJitter.hue`. */
  option?: string;
  cause?: unknown;
}

export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly path: string | undefined;
  readonly index: number | undefined;
  readonly option: string | undefined;

  constructor(code: DataErrorCode, message: string, details: DataErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DataError';
    this.code = code;
    this.path = details.path;
    this.index = details.index;
    this.option = details.option;
  }
}

/** Stable, short rendering of an unknown thrown value for use inside messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
