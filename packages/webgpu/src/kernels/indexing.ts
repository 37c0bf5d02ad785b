import { type Operand, type Shape, sizeOf } from '@isotropic/tensor';
import type { GpuRuntime } from '../runtime/gpu-runtime.js';
import { asStorage, type GpuStorage } from '../runtime/gpu-storage.js';
import { GRID_BUILTINS, LINEAR_WORKGROUP } from '../runtime/grid.js';
import { indexFaultCode, indexFaultWgsl } from '../runtime/index-faults.js';
import type { Kernel } from '../runtime/kernel.js';
import { assertGpuDType, type GpuDType, wgslType } from '../wgsl/dtypes.js';
import { ParamWriter, paramsDecl, pu } from '../wgsl/params.js';
import { contiguousStridesOf } from '../wgsl/strided.js';
import { fillKernel } from './fill.js';

const WG = 256;

/**
 * gather and scatterAdd along one axis of contiguous operands. Indices are
 * checked on the GPU: a bad one is recorded in the index-fault buffer (the
 * next read throws the CPU backend's error) and its element is skipped.
 *
 * Params: [count, axisSize, then per dim d: iterShape[d], targetStride[d]].
 */
function coordsToOffset(rank: number, axis: number, index: string): string {
  const lines = ['var rem = e;', 'var off = 0u;'];
  for (let d = rank - 1; d >= 0; d--) {
    const size = pu(2 + 2 * d);
    const stride = pu(3 + 2 * d);
    const coord = d > 0 ? `(rem % ${size})` : 'rem';
    lines.push(`off += ${d === axis ? `u32(${index})` : coord} * ${stride};`);
    if (d > 0) lines.push(`rem = rem / ${size};`);
  }
  return lines.join('\n  ');
}

function gatherKernelSource(dtype: GpuDType, rank: number, axis: number): Kernel {
  const T = wgslType(dtype);
  const code = `@group(0) @binding(0) var<storage, read_write> out: array<${T}>;
@group(0) @binding(1) var<storage, read> x: array<${T}>;
@group(0) @binding(2) var<storage, read> index: array<i32>;
${indexFaultWgsl(3)}
${paramsDecl(2 + 2 * rank, 4)}
@compute @workgroup_size(${WG})
fn main(${GRID_BUILTINS}) {
  let e = ${LINEAR_WORKGROUP} * ${WG}u + lid;
  if (e >= ${pu(0)}) { return; }
  let j = index[e];
  if (j < 0 || u32(j) >= ${pu(1)}) {
    reportIndexFault(${indexFaultCode('gather')}u, j, ${pu(1)});
    out[e] = ${T}(0);
    return;
  }
  ${coordsToOffset(rank, axis, 'j')}
  out[e] = x[off];
}`;
  return {
    op: 'gather',
    label: `gather[${dtype} r${rank} axis ${axis}]`,
    code,
    bindings: ['readwrite', 'read', 'read', 'readwrite', 'uniform'],
  };
}

/** Float adds go through a compare-exchange loop on the bits: WGSL only has integer atomics. */
function scatterAddSource(dtype: GpuDType, rank: number, axis: number): Kernel {
  const T = wgslType(dtype);
  const add =
    dtype === 'float32'
      ? `var old = atomicLoad(&out[off]);
  loop {
    let r = atomicCompareExchangeWeak(&out[off], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }`
      : 'atomicAdd(&out[off], v);';
  const code = `@group(0) @binding(0) var<storage, read_write> out: array<atomic<${dtype === 'float32' ? 'u32' : T}>>;
@group(0) @binding(1) var<storage, read> src: array<${T}>;
@group(0) @binding(2) var<storage, read> index: array<i32>;
${indexFaultWgsl(3)}
${paramsDecl(2 + 2 * rank, 4)}
@compute @workgroup_size(${WG})
fn main(${GRID_BUILTINS}) {
  let e = ${LINEAR_WORKGROUP} * ${WG}u + lid;
  if (e >= ${pu(0)}) { return; }
  let j = index[e];
  if (j < 0 || u32(j) >= ${pu(1)}) {
    reportIndexFault(${indexFaultCode('scatterAdd')}u, j, ${pu(1)});
    return;
  }
  ${coordsToOffset(rank, axis, 'j')}
  let v = src[e];
  ${add}
}`;
  return {
    op: 'scatterAdd',
    label: `scatterAdd[${dtype} r${rank} axis ${axis}]`,
    code,
    bindings: ['readwrite', 'read', 'read', 'readwrite', 'uniform'],
  };
}

/** out[p] = x[p with p[axis] := index[p]]; the output has the index's shape. */
export function gatherKernel(rt: GpuRuntime, x: Operand, index: Operand, axis: number): GpuStorage {
  const dtype = assertGpuDType('gather', x.dtype);
  const shape = index.view.shape;
  const count = sizeOf(shape);
  const out = rt.alloc('gather', count);
  if (count === 0) return out;
  const rank = shape.length;
  const kernel = rt.kernels.get(`gather|${dtype}|${rank}|${axis}`, () =>
    gatherKernelSource(dtype, rank, axis),
  );
  const xStrides = contiguousStridesOf(x.view.shape);
  const params = new ParamWriter().u32(count, x.view.shape[axis]!);
  for (let d = 0; d < rank; d++) params.u32(shape[d]!, xStrides[d]!);
  rt.indexFaults.armed = true;
  rt.dispatch1d(
    kernel,
    [
      out.buffer,
      asStorage('gather', x.storage, rt).buffer,
      asStorage('gather', index.storage, rt).buffer,
      rt.indexFaults.buffer,
    ],
    params.toArray(),
    Math.ceil(count / WG),
  );
  return out;
}

/** Zeros of `outShape`, then out[p with p[axis] := index[p]] += src[p]. */
export function scatterAddKernel(
  rt: GpuRuntime,
  src: Operand,
  index: Operand,
  axis: number,
  outShape: Shape,
): GpuStorage {
  const dtype = assertGpuDType('scatterAdd', src.dtype);
  const out = rt.alloc('scatterAdd', sizeOf(outShape));
  fillKernel(rt, out.buffer, sizeOf(outShape), 0);
  const shape = src.view.shape;
  const count = sizeOf(shape);
  if (count === 0) return out;
  const rank = shape.length;
  const kernel = rt.kernels.get(`scatterAdd|${dtype}|${rank}|${axis}`, () =>
    scatterAddSource(dtype, rank, axis),
  );
  const outStrides = contiguousStridesOf(outShape);
  const params = new ParamWriter().u32(count, outShape[axis]!);
  for (let d = 0; d < rank; d++) params.u32(shape[d]!, outStrides[d]!);
  rt.indexFaults.armed = true;
  rt.dispatch1d(
    kernel,
    [
      out.buffer,
      asStorage('scatterAdd', src.storage, rt).buffer,
      asStorage('scatterAdd', index.storage, rt).buffer,
      rt.indexFaults.buffer,
    ],
    params.toArray(),
    Math.ceil(count / WG),
  );
  return out;
}
