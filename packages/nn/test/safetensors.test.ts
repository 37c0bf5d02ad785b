import { readFileSync } from 'node:fs';
import { type DType, scope, tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import {
  decodeSafetensors,
  deserializeSafetensors,
  encodeSafetensors,
  type HostTensor,
  SafetensorsError,
  serializeSafetensors,
} from '../src/index.js';

interface Expected {
  metadata: Record<string, string>;
  tensors: Record<string, { dtype: DType; shape: number[]; values: number[] }>;
}

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** A file from a hand-built header and data buffer, for the malformed cases. */
function file(header: unknown, data: Uint8Array = new Uint8Array(0), rawHeader?: string): Uint8Array {
  const json = new TextEncoder().encode(rawHeader ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** Little-endian int64 bytes. */
function i64s(values: bigint[]): Uint8Array {
  const out = new Uint8Array(8 * values.length);
  const view = new DataView(out.buffer);
  for (const [i, v] of values.entries()) view.setBigInt64(8 * i, v, true);
  return out;
}

/** The decoded tensors are exactly the fixture's expected names, dtypes, shapes and values. */
function expectDecoded(tensors: ReadonlyMap<string, HostTensor>, expected: Expected): void {
  expect([...tensors.keys()].sort()).toEqual(Object.keys(expected.tensors).sort());
  for (const [name, want] of Object.entries(expected.tensors)) {
    const got = tensors.get(name)!;
    expect(got.dtype, name).toBe(want.dtype);
    expect(got.shape, name).toEqual(want.shape);
    expect(Array.from(got.data), name).toEqual(want.values);
  }
}

describe('safetensors', () => {
  it('reads the converted dtypes of a PyTorch checkpoint (F16, BF16, I64, ...) exactly', () => {
    const expected = JSON.parse(fixture('converted.expected.json').toString('utf8')) as Expected;
    const { tensors } = decodeSafetensors(fixture('converted.safetensors'));
    expectDecoded(tensors, expected);
    const { tensors: onBackend } = deserializeSafetensors(fixture('converted.safetensors'));
    expect(onBackend.num_batches_tracked!.dtype).toBe('int32');
    expect(onBackend.num_batches_tracked!.arraySync()).toBe(1234567);
  });

  it('reads a file written by an independent (numpy) writer', () => {
    const expected = JSON.parse(fixture('reference.expected.json').toString('utf8')) as Expected;
    const { tensors, metadata } = decodeSafetensors(fixture('reference.safetensors'));
    expect(metadata).toEqual(expected.metadata);
    expectDecoded(tensors, expected);
  });

  it('round-trips every dtype, scalars, empty tensors and metadata through tensors', async () => {
    const originals = {
      'layer.weight': tensor([
        [1.5, -2.25],
        [3, 4e-7],
      ]),
      double: tensor([Math.PI, -Math.E], undefined, { dtype: 'float64' }),
      count: tensor([7, -3, 2147483647], undefined, { dtype: 'int32' }),
      mask: tensor([true, false, true]),
      scalar: tensor(0.5),
      empty: tensor([], [0, 4]),
      strided: tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]).transpose(),
    };
    const bytes = await serializeSafetensors(originals, { step: '12', note: 'héllo' });
    expect(new DataView(bytes).getUint32(0, true) % 8).toBe(0); // header padded to 8 bytes
    const { tensors, metadata } = deserializeSafetensors(bytes);
    expect(metadata).toEqual({ step: '12', note: 'héllo' });
    for (const [name, t] of Object.entries(originals)) {
      expect(tensors[name]!.dtype, name).toBe(t.dtype);
      expect(tensors[name]!.shape, name).toEqual(t.shape);
      expect(tensors[name]!.arraySync(), name).toEqual(t.arraySync());
    }
  });

  it('aligns each tensor to its element size', () => {
    const bytes = encodeSafetensors({
      a: { dtype: 'bool', shape: [3], data: new Uint8Array([1, 0, 1]) },
      b: { dtype: 'float64', shape: [1], data: new Float64Array([2]) },
      c: { dtype: 'int32', shape: [1], data: new Int32Array([5]) },
    });
    const headerSize = new DataView(bytes).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, 8, headerSize))) as Record<
      string,
      { data_offsets: [number, number] }
    >;
    expect(header.b!.data_offsets).toEqual([0, 8]);
    expect(header.c!.data_offsets).toEqual([8, 12]);
    expect(header.a!.data_offsets).toEqual([12, 15]);
  });

  describe('rejects malformed files with a clear error', () => {
    const f32 = (shape: number[], offsets: number[]) => ({ dtype: 'F32', shape, data_offsets: offsets });
    it.each([
      ['too short', new Uint8Array(4), /too short/],
      ['a header past the end', file({}).slice(0, 9), /header size 2 does not fit/],
      ['bad JSON', file(null, undefined, '{"a": '), /not valid UTF-8 JSON/],
      ['a non-object header', file([1, 2]), /must be a JSON object/],
      [
        'an unsupported dtype',
        file({ x: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)),
        /'x': dtype "F8_E4M3" is not supported \(supported: F32, F64, I32, BOOL, F16, BF16, I8, U8, I16, U16, I64\)/,
      ],
      [
        'an I64 value outside int32',
        file({ n: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, i64s([5n, 2n ** 31n])),
        /'n': I64 value 2147483648 at index 1 does not fit in int32/,
      ],
      [
        'a size that does not match the shape',
        file({ x: f32([2], [0, 4]) }, new Uint8Array(4)),
        /'x': data_offsets \[0, 4\] hold 4 bytes, shape \[2\] of F32 needs 8/,
      ],
      ['a hole', file({ x: f32([1], [4, 8]) }, new Uint8Array(8)), /'x' starts at byte 4, expected 0/],
      [
        'overlapping tensors',
        file({ x: f32([2], [0, 8]), y: f32([1], [4, 8]) }, new Uint8Array(8)),
        /'y' starts at byte 4, expected 8/,
      ],
      [
        'trailing bytes',
        file({ x: f32([1], [0, 4]) }, new Uint8Array(6)),
        /cover 4 bytes of a 6-byte data buffer/,
      ],
      ['non-string metadata', file({ __metadata__: { step: 3 } }), /metadata 'step' must be a string/],
      [
        'a negative dim',
        file({ x: f32([-1], [0, 0]) }),
        /shape \[-1\] must be a list of non-negative integers/,
      ],
    ] as const)('%s', (_name, bytes, message) => {
      expect(() => decodeSafetensors(bytes)).toThrow(SafetensorsError);
      expect(() => decodeSafetensors(bytes)).toThrow(message);
    });
  });

  it('refuses to encode inconsistent tensors', () => {
    const bad: HostTensor = { dtype: 'float32', shape: [3], data: new Float32Array(2) };
    expect(() => encodeSafetensors({ bad })).toThrow(/'bad' has shape \[3\] but 2 values/);
  });

  it('does not leak tensors when serialising inside a scope', async () => {
    await scope(async () => {
      const bytes = await serializeSafetensors({ a: tensor([1, 2]) });
      expect(bytes.byteLength).toBeGreaterThan(8);
    });
  });
});
