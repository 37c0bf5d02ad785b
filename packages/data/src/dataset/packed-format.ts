import { DataError } from '../errors.js';
import type { PackedImages } from './packed-images.js';
import { checkPackedImages } from './packed-images.js';

/**
 * Binary layout of a packed image file (all integers little-endian):
 *
 *   offset 0   8 bytes  magic "ISOIMG01"
 *   offset 8   uint32   count
 *   offset 12  uint32   channels
 *   offset 16  uint32   height
 *   offset 20  uint32   width
 *   offset 24  uint32   reserved (0)
 *   offset 28  uint32   reserved (0)
 *   offset 32  int32 x count            labels (-1 = unlabeled)
 *   then       uint8 x count*C*H*W      pixels, image-major CHW
 *
 * Browser-safe: a web app can fetch such a file and call `decodePackedImages`.
 */
const MAGIC = 'ISOIMG01';
const HEADER_BYTES = 32;

export function encodePackedImages(packed: PackedImages): Uint8Array {
  checkPackedImages(packed, 'encodePackedImages');
  const labelBytes = packed.count * 4;
  const out = new Uint8Array(HEADER_BYTES + labelBytes + packed.pixels.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, packed.count, true);
  view.setUint32(12, packed.channels, true);
  view.setUint32(16, packed.height, true);
  view.setUint32(20, packed.width, true);
  for (let i = 0; i < packed.count; i++) view.setInt32(HEADER_BYTES + i * 4, packed.labels[i], true);
  out.set(packed.pixels, HEADER_BYTES + labelBytes);
  return out;
}

/** Parses a packed image file. Pixels are a view into `bytes` (no copy). `source` names the file in errors. */
export function decodePackedImages(bytes: Uint8Array, source: string): PackedImages {
  const corrupt = (what: string): never => {
    throw new DataError('CORRUPT_FILE', `${source}: not a valid packed image file (${what})`, {
      path: source,
    });
  };
  if (bytes.length < HEADER_BYTES) corrupt(`only ${bytes.length} bytes`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC.charCodeAt(i)) corrupt('bad magic');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(8, true);
  const channels = view.getUint32(12, true);
  const height = view.getUint32(16, true);
  const width = view.getUint32(20, true);
  const pixelBytes = count * channels * height * width;
  const expected = HEADER_BYTES + count * 4 + pixelBytes;
  if (bytes.length !== expected)
    corrupt(`expected ${expected} bytes for ${count} images, found ${bytes.length}`);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = view.getInt32(HEADER_BYTES + i * 4, true);
  const pixels = bytes.subarray(HEADER_BYTES + count * 4);
  return { count, channels, height, width, pixels, labels };
}
