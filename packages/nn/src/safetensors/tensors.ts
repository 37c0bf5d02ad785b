import { type Backend, type Tensor, tensor } from '@isotropic/tensor';
import { decodeSafetensors, encodeSafetensors, type HostTensor } from './format.js';

export type NamedTensors = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

const entriesOf = (tensors: NamedTensors): [string, Tensor][] => [
  ...(tensors instanceof Map
    ? tensors
    : new Map(Object.entries(tensors as Readonly<Record<string, Tensor>>))),
];

/** Reads the tensors back from their backend (async: GPU backends read without blocking) and encodes them. */
export async function serializeSafetensors(
  tensors: NamedTensors,
  metadata?: Readonly<Record<string, string>>,
): Promise<ArrayBuffer> {
  const host = new Map<string, HostTensor>();
  for (const [name, t] of entriesOf(tensors))
    host.set(name, { dtype: t.dtype, shape: t.shape, data: await t.data() });
  return encodeSafetensors(host, metadata);
}

/** Decodes a safetensors file into tensors on `backend` (default: the current backend). */
export function deserializeSafetensors(
  file: ArrayBuffer | ArrayBufferView,
  options: { readonly backend?: Backend } = {},
): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const { tensors, metadata } = decodeSafetensors(file);
  const out: Record<string, Tensor> = {};
  for (const [name, t] of tensors)
    out[name] = tensor(t.data, t.shape, { dtype: t.dtype, backend: options.backend });
  return { tensors: out, metadata };
}
