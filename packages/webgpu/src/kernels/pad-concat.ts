import { type DType, type Operand, sizeOf } from '@isotropic/tensor';
import type { GpuRuntime } from '../runtime/gpu-runtime.js';
import { asStorage, type GpuStorage } from '../runtime/gpu-storage.js';
import { GRID_BUILTINS, LINEAR_WORKGROUP } from '../runtime/grid.js';
import type { Kernel } from '../runtime/kernel.js';
import { assertGpuDType } from '../wgsl/dtypes.js';
import { ParamWriter, paramsDecl, pu } from '../wgsl/params.js';
import { contiguousStridesOf } from '../wgsl/strided.js';

const WG = 256;

/**
 * pad and concat move 4-byte elements without looking at them, so one kernel
 * serves every dtype (buffers are read as u32).
 */

/** Params: [count, fill bits, then per dim: outDim, before, inDim, inStride]. */
function padSource(rank: number): Kernel {
  const lines = ['var rem = e;', 'var src = 0u;', 'var inside = true;'];
  for (let d = rank - 1; d >= 0; d--) {
    const [outDim, before, inDim, stride] = [0, 1, 2, 3].map((k) => pu(2 + 4 * d + k));
    lines.push(
      `{ let c = i32(${d > 0 ? `rem % ${outDim}` : 'rem'}) - i32(${before});`,
      `  inside = inside && c >= 0 && u32(c) < ${inDim};`,
      `  src += u32(max(c, 0)) * ${stride}; }`,
    );
    if (d > 0) lines.push(`rem = rem / ${outDim};`);
  }
  const code = `@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@group(0) @binding(1) var<storage, read> x: array<u32>;
${paramsDecl(2 + 4 * rank, 2)}
@compute @workgroup_size(${WG})
fn main(${GRID_BUILTINS}) {
  let e = ${LINEAR_WORKGROUP} * ${WG}u + lid;
  if (e >= ${pu(0)}) { return; }
  ${lines.join('\n  ')}
  out[e] = select(${pu(1)}, x[src], inside);
}`;
  return { op: 'pad', label: `pad[r${rank}]`, code, bindings: ['readwrite', 'read', 'uniform'] };
}

/** The bits a typed array of `dtype` stores for `value` (what the CPU's `fill(value)` writes). */
export function fillBits(dtype: DType, value: number): number {
  if (dtype === 'float32') return new Uint32Array(Float32Array.of(value).buffer)[0]!;
  if (dtype === 'int32') return Int32Array.of(value)[0]! >>> 0;
  return Uint8Array.of(value)[0]!;
}

export function padKernel(
  rt: GpuRuntime,
  x: Operand,
  widths: readonly (readonly [number, number])[],
  value: number,
): GpuStorage {
  const dtype = assertGpuDType('pad', x.dtype);
  const shape = x.view.shape;
  const outShape = shape.map((d, i) => d + widths[i]![0] + widths[i]![1]);
  const count = sizeOf(outShape);
  const out = rt.alloc('pad', count);
  if (count === 0) return out;
  const rank = shape.length;
  const kernel = rt.kernels.get(`pad|${rank}`, () => padSource(rank));
  const strides = contiguousStridesOf(shape);
  const params = new ParamWriter().u32(count, fillBits(dtype, value));
  for (let d = 0; d < rank; d++) params.u32(outShape[d]!, widths[d]![0], shape[d]!, strides[d]!);
  rt.dispatch1d(
    kernel,
    [out.buffer, asStorage('pad', x.storage, rt).buffer],
    params.toArray(),
    Math.ceil(count / WG),
  );
  return out;
}

const CONCAT: Kernel = {
  op: 'concat',
  label: 'concat[copy block]',
  // Params: [count, chunk, outRowLength, offset]: input row o (chunk elements) lands at o*outRow + offset.
  code: `@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@group(0) @binding(1) var<storage, read> x: array<u32>;
${paramsDecl(4, 2)}
@compute @workgroup_size(${WG})
fn main(${GRID_BUILTINS}) {
  let e = ${LINEAR_WORKGROUP} * ${WG}u + lid;
  if (e >= ${pu(0)}) { return; }
  out[(e / ${pu(1)}) * ${pu(2)} + ${pu(3)} + e % ${pu(1)}] = x[e];
}`,
  bindings: ['readwrite', 'read', 'uniform'],
};

/** Concatenates along `axis`: one block copy per input into its slice of the output. */
export function concatKernel(rt: GpuRuntime, xs: readonly Operand[], axis: number): GpuStorage {
  const first = xs[0]!;
  assertGpuDType('concat', first.dtype);
  const total = xs.reduce((s, x) => s + x.view.shape[axis]!, 0);
  const outShape = first.view.shape.map((d, i) => (i === axis ? total : d));
  const out = rt.alloc('concat', sizeOf(outShape));
  const inner = sizeOf(outShape.slice(axis + 1));
  let offset = 0;
  for (const x of xs) {
    const chunk = x.view.shape[axis]! * inner;
    const count = sizeOf(x.view.shape);
    if (count > 0) {
      const params = new ParamWriter().u32(count, chunk, total * inner, offset).toArray();
      rt.dispatch1d(
        CONCAT,
        [out.buffer, asStorage('concat', x.storage, rt).buffer],
        params,
        Math.ceil(count / WG),
      );
    }
    offset += chunk;
  }
  return out;
}
