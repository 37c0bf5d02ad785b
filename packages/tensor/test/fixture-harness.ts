/**
 * Runs the numpy fixtures (test/fixtures/ops.json, made by generate_ops.py)
 * against any backend. Shared with the WebGPU package's parity tests.
 */
import { readFileSync } from 'node:fs';
import type { Backend, DType, Tensor } from '../src/index.js';
import * as T from '../src/index.js';

interface TensorSpec {
  shape: number[];
  dtype: DType;
  data: (number | boolean)[];
}
type Arg = { tensor: TensorSpec } | unknown;
export interface OpCase {
  name: string;
  op: string;
  args: Arg[];
  out: { tensor: TensorSpec } | { tensor: TensorSpec }[];
  rtol: number;
  atol: number;
}

export function loadCases(): OpCase[] {
  const url = new URL('./fixtures/ops.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: OpCase[] }).cases;
}

type OpFn = (...args: never[]) => Tensor | Tensor[];
export const OPS: Record<string, OpFn> = {
  ...Object.fromEntries(
    [
      'neg',
      'abs',
      'exp',
      'log',
      'sqrt',
      'rsqrt',
      'sin',
      'cos',
      'tanh',
      'erf',
      'relu',
      'sigmoid',
      'sign',
      'square',
      'reciprocal',
      'gelu',
      'add',
      'sub',
      'mul',
      'div',
      'pow',
      'maximum',
      'minimum',
      'lt',
      'le',
      'gt',
      'ge',
      'eq',
      'ne',
      'where',
      'sum',
      'mean',
      'max',
      'min',
      'argmax',
      'variance',
      'logsumexp',
      'matmul',
      'softmax',
      'logSoftmax',
      'layerNorm',
      'conv2d',
      'avgPool2d',
      'maxPool2d',
      'adaptiveAvgPool2d',
      'concat',
      'stack',
      'split',
      'pad',
      'indexSelect',
      'gather',
      'oneHot',
      'cast',
      'reshape',
      'permute',
      'transpose',
      'broadcastTo',
      'slice',
      'squeeze',
      'expandDims',
    ].map((n) => [n, (T as unknown as Record<string, OpFn>)[n]!]),
  ),
  arange: ((start: number, stop: number, step: number) => T.arange(start, stop, step)) as OpFn,
  linspace: ((a: number, b: number, n: number) => T.linspace(a, b, n)) as OpFn,
  eye: ((n: number, m: number) => T.eye(n, m)) as OpFn,
};

function isTensorArg(a: unknown): a is { tensor: TensorSpec } {
  return typeof a === 'object' && a !== null && 'tensor' in a;
}

/**
 * Builds an input tensor. With `strided`, the same values are laid out as a
 * non-contiguous view (a transposed copy, transposed back), so kernels see real strides.
 */
export function buildTensor(spec: TensorSpec, backend: Backend, strided: boolean): Tensor {
  const data = spec.data.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
  const t = T.tensor(data, spec.shape, { dtype: spec.dtype, backend });
  if (!strided || spec.shape.length < 2) return t;
  const rev = spec.shape.map((_, i) => spec.shape.length - 1 - i);
  return T.transpose(T.contiguous(T.transpose(t, rev)), rev);
}

export function buildArgs(args: Arg[], backend: Backend, strided: boolean): unknown[] {
  return args.map((a) => {
    if (isTensorArg(a)) return buildTensor(a.tensor, backend, strided);
    if (Array.isArray(a) && a.length > 0 && a.every(isTensorArg))
      return a.map((x) => buildTensor(x.tensor, backend, strided));
    return a;
  });
}

/** Returns a description of the first mismatch, or undefined when within tolerance. */
export async function compare(
  got: Tensor,
  want: TensorSpec,
  rtol: number,
  atol: number,
): Promise<string | undefined> {
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) {
    return `shape ${JSON.stringify(got.shape)} != ${JSON.stringify(want.shape)}`;
  }
  if (got.dtype !== want.dtype) return `dtype ${got.dtype} != ${want.dtype}`;
  const data = await got.data();
  for (let i = 0; i < want.data.length; i++) {
    const w = Number(want.data[i]);
    const g = data[i]!;
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) return `element ${i}: got ${g}, want ${w}`;
  }
  return undefined;
}
