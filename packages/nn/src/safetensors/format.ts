import type { DType, TypedArray } from '@isotropic/tensor';
import { SafetensorsError } from '../errors.js';
import {
  decodeReadDType,
  READ_DTYPE_BYTES,
  SAFETENSORS_READ_DTYPES,
  type SafetensorsReadDType,
} from './read-dtypes.js';

/**
 * The safetensors format (https://github.com/huggingface/safetensors):
 *   8 bytes   N, the header size, unsigned 64-bit little-endian
 *   N bytes   a JSON object, UTF-8: { name: { dtype, shape, data_offsets: [begin, end] }, ...,
 *             "__metadata__"?: { string: string } }, padded with spaces
 *   the rest  the tensors' bytes, little-endian, row-major; offsets are relative to
 *             this buffer, which they must cover exactly (no holes, no overlaps)
 * Pure ArrayBuffer in and out: no Node APIs, so it runs in browsers too.
 */

/**
 * The file dtypes this package reads and writes, and the tensor dtypes they map to
 * (more are read, converted: see read-dtypes.ts).
 */
export const SAFETENSORS_DTYPES = { F32: 'float32', F64: 'float64', I32: 'int32', BOOL: 'bool' } as const;
export type SafetensorsDType = keyof typeof SAFETENSORS_DTYPES;

const FILE_DTYPE: Record<DType, SafetensorsDType> = {
  float32: 'F32',
  float64: 'F64',
  int32: 'I32',
  bool: 'BOOL',
};
const BYTES: Record<SafetensorsDType, number> = { F32: 4, F64: 8, I32: 4, BOOL: 1 };
/** The format caps the header to keep parsing cheap and safe. */
const MAX_HEADER_BYTES = 100_000_000;

/** A tensor's values on the host. */
export interface HostTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Row-major values, the typed array of the dtype (Uint8Array of 0/1 for bool). */
  readonly data: TypedArray;
}

export interface SafetensorsContents {
  /** In file order (by data offset). */
  readonly tensors: Map<string, HostTensor>;
  readonly metadata: Record<string, string>;
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The raw little-endian bytes of a typed array (swapped on a big-endian host). */
function toLittleEndian(data: TypedArray): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (littleEndianHost || data.BYTES_PER_ELEMENT === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  const w = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += w) for (let j = 0; j < w; j++) out[i + j] = bytes[i + w - 1 - j]!;
  return out;
}

function fromLittleEndian(bytes: Uint8Array, dtype: SafetensorsDType, count: number): TypedArray {
  // copy into a fresh, aligned buffer (the file offsets need not be aligned)
  const own = bytes.slice();
  if (!littleEndianHost && BYTES[dtype] > 1) {
    const w = BYTES[dtype];
    for (let i = 0; i < own.length; i += w) own.subarray(i, i + w).reverse();
  }
  switch (dtype) {
    case 'F32':
      return new Float32Array(own.buffer, 0, count);
    case 'F64':
      return new Float64Array(own.buffer, 0, count);
    case 'I32':
      return new Int32Array(own.buffer, 0, count);
    case 'BOOL':
      return own;
  }
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Encodes tensors (and optional string metadata) as a safetensors file. Tensors
 * are laid out by decreasing element size, then name, so that every tensor starts
 * at an offset aligned to its element size.
 */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, HostTensor> | Readonly<Record<string, HostTensor>>,
  metadata: Readonly<Record<string, string>> = {},
): ArrayBuffer {
  const entries: [string, HostTensor][] =
    tensors instanceof Map ? [...tensors] : Object.entries(tensors as Readonly<Record<string, HostTensor>>);
  for (const [name, t] of entries) {
    if (name === '__metadata__') throw new SafetensorsError("encodeSafetensors: '__metadata__' is reserved");
    if (product(t.shape) !== t.data.length) {
      throw new SafetensorsError(
        `encodeSafetensors: '${name}' has shape [${t.shape}] but ${t.data.length} values`,
      );
    }
  }
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string')
      throw new SafetensorsError(`encodeSafetensors: metadata '${k}' must be a string`);
  }
  entries.sort(
    ([na, a], [nb, b]) =>
      b.data.BYTES_PER_ELEMENT - a.data.BYTES_PER_ELEMENT || (na < nb ? -1 : na > nb ? 1 : 0),
  );
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  const chunks: Uint8Array[] = [];
  for (const [name, t] of entries) {
    const bytes = toLittleEndian(t.data);
    header[name] = {
      dtype: FILE_DTYPE[t.dtype],
      shape: [...t.shape],
      data_offsets: [offset, offset + bytes.length],
    };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out.buffer;
}

type FileDType = SafetensorsDType | SafetensorsReadDType;
const isWritten = (d: FileDType): d is SafetensorsDType => d in SAFETENSORS_DTYPES;
const bytesOf = (d: FileDType) => (isWritten(d) ? BYTES[d] : READ_DTYPE_BYTES[d]);
const SUPPORTED = [...Object.keys(SAFETENSORS_DTYPES), ...Object.keys(SAFETENSORS_READ_DTYPES)];

interface Entry {
  readonly name: string;
  readonly dtype: FileDType;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

function parseEntry(name: string, raw: unknown): Entry {
  const bad = (why: string): never => {
    throw new SafetensorsError(`decodeSafetensors: tensor '${name}': ${why}`);
  };
  if (raw === null || typeof raw !== 'object') bad('header entry is not an object');
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string' || !SUPPORTED.includes(dtype)) {
    bad(`dtype ${JSON.stringify(dtype)} is not supported (supported: ${SUPPORTED.join(', ')})`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    bad(`shape ${JSON.stringify(shape)} must be a list of non-negative integers`);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
  ) {
    bad(`data_offsets ${JSON.stringify(offsets)} must be [begin, end]`);
  }
  const [begin, end] = offsets as [number, number];
  const d = dtype as FileDType;
  const expected = product(shape as number[]) * bytesOf(d);
  if (end - begin !== expected) {
    bad(
      `data_offsets [${begin}, ${end}] hold ${end - begin} bytes, shape [${shape}] of ${d} needs ${expected}`,
    );
  }
  return { name, dtype: d, shape: shape as number[], begin, end };
}

/** Decodes a safetensors file, validating the header against the format's rules. */
export function decodeSafetensors(file: ArrayBuffer | ArrayBufferView): SafetensorsContents {
  const bytes =
    file instanceof ArrayBuffer
      ? new Uint8Array(file)
      : new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  if (bytes.length < 8)
    throw new SafetensorsError(`decodeSafetensors: ${bytes.length} bytes is too short for a header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerSize > MAX_HEADER_BYTES || 8 + headerSize > bytes.length) {
    throw new SafetensorsError(
      `decodeSafetensors: header size ${headerSize} does not fit a ${bytes.length}-byte file (limit ${MAX_HEADER_BYTES})`,
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerSize)));
  } catch (e) {
    throw new SafetensorsError(
      `decodeSafetensors: the header is not valid UTF-8 JSON (${(e as Error).message})`,
    );
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new SafetensorsError('decodeSafetensors: the header must be a JSON object');
  }
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name !== '__metadata__') {
      entries.push(parseEntry(name, raw));
      continue;
    }
    if (raw === null || typeof raw !== 'object')
      throw new SafetensorsError('decodeSafetensors: __metadata__ must be an object');
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v !== 'string')
        throw new SafetensorsError(`decodeSafetensors: metadata '${k}' must be a string`);
      metadata[k] = v;
    }
  }
  // the data buffer must be covered exactly: sorted by offset, each tensor starts where the last ended
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const data = bytes.subarray(8 + headerSize);
  let cursor = 0;
  for (const e of entries) {
    if (e.begin !== cursor) {
      throw new SafetensorsError(
        `decodeSafetensors: tensor '${e.name}' starts at byte ${e.begin}, expected ${cursor} (holes or overlaps are not allowed)`,
      );
    }
    cursor = e.end;
  }
  if (cursor !== data.length) {
    throw new SafetensorsError(
      `decodeSafetensors: tensors cover ${cursor} bytes of a ${data.length}-byte data buffer`,
    );
  }
  const tensors = new Map<string, HostTensor>();
  for (const e of entries) {
    const bytesOfTensor = data.subarray(e.begin, e.end);
    const count = product(e.shape);
    tensors.set(
      e.name,
      isWritten(e.dtype)
        ? {
            dtype: SAFETENSORS_DTYPES[e.dtype],
            shape: e.shape,
            data: fromLittleEndian(bytesOfTensor, e.dtype, count),
          }
        : {
            dtype: SAFETENSORS_READ_DTYPES[e.dtype],
            shape: e.shape,
            data: decodeReadDType(e.name, bytesOfTensor, e.dtype, count),
          },
    );
  }
  return { tensors, metadata };
}
