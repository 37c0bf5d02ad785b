import { SafetensorsError } from '../errors.js';

/**
 * File dtypes that are read but never written, and the tensor dtype each becomes.
 * PyTorch checkpoints converted to safetensors often hold half-precision weights
 * and int64 counters (BatchNorm's num_batches_tracked): F16 and BF16 widen to
 * float32 exactly; the small integer types widen to int32; I64 narrows to int32
 * only when every value fits, and is refused otherwise.
 */
export const SAFETENSORS_READ_DTYPES = {
  F16: 'float32',
  BF16: 'float32',
  I8: 'int32',
  U8: 'int32',
  I16: 'int32',
  U16: 'int32',
  I64: 'int32',
} as const;
export type SafetensorsReadDType = keyof typeof SAFETENSORS_READ_DTYPES;

export const READ_DTYPE_BYTES: Record<SafetensorsReadDType, number> = {
  F16: 2,
  BF16: 2,
  I8: 1,
  U8: 1,
  I16: 2,
  U16: 2,
  I64: 8,
};

/** IEEE 754 binary16 to a number (exact). */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** `count` little-endian values of `dtype` from `bytes`, converted; `name` is for errors. */
export function decodeReadDType(
  name: string,
  bytes: Uint8Array,
  dtype: SafetensorsReadDType,
  count: number,
): Float32Array | Int32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'F16':
      return Float32Array.from({ length: count }, (_, i) => halfToNumber(view.getUint16(2 * i, true)));
    case 'BF16': {
      // bfloat16 is the top half of a float32
      const bits = Uint32Array.from({ length: count }, (_, i) => view.getUint16(2 * i, true) << 16);
      return new Float32Array(bits.buffer);
    }
    case 'I8':
      return Int32Array.from({ length: count }, (_, i) => view.getInt8(i));
    case 'U8':
      return Int32Array.from({ length: count }, (_, i) => view.getUint8(i));
    case 'I16':
      return Int32Array.from({ length: count }, (_, i) => view.getInt16(2 * i, true));
    case 'U16':
      return Int32Array.from({ length: count }, (_, i) => view.getUint16(2 * i, true));
    case 'I64': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const low = view.getUint32(8 * i, true);
        const high = view.getInt32(8 * i + 4, true);
        // fits in int32 iff the high word is the sign extension of the low one
        if (high !== (low >= 2 ** 31 ? -1 : 0)) {
          throw new SafetensorsError(
            `decodeSafetensors: tensor '${name}': I64 value ${view.getBigInt64(8 * i, true)} at index ${i} does not fit in int32`,
          );
        }
        out[i] = low | 0;
      }
      return out;
    }
  }
}
