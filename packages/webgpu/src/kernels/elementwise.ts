import type { BinaryOp, Operand, Shape, UnaryOp } from '@isotropic/tensor';
import { COMPARISON_OPS, sizeOf } from '@isotropic/tensor';
import type { ElementwiseSpec } from '../fusion/expr-node.js';
import type { GpuRuntime } from '../runtime/gpu-runtime.js';
import { type GpuStorage, lazyStorage } from '../runtime/gpu-storage.js';
import { assertGpuDType, type GpuDType } from '../wgsl/dtypes.js';
import { binaryExpr, castExpr, truthyExpr, unaryExpr } from '../wgsl/scalar-ops.js';

/**
 * The elementwise primitives. Each returns at once a storage holding the
 * pending expression; the kernel that computes it runs when the result is
 * first needed, fused with the pending elementwise ops it reads
 * (fused-elementwise.ts) or into a reduction that consumes it (reduce.ts).
 */
function elementwise(
  rt: GpuRuntime,
  spec: ElementwiseSpec,
  inputs: readonly Operand[],
  outShape: Shape,
): GpuStorage {
  const storages = inputs.map((x) => lazyStorage(spec.op, x.storage, rt));
  return rt.allocLazy(spec.op, sizeOf(outShape), {
    spec,
    inputs: inputs.map((x, k) => ({ storage: storages[k]!, view: x.view })),
    shape: [...outShape],
  });
}

export function unaryKernel(rt: GpuRuntime, op: UnaryOp, x: Operand): GpuStorage {
  const t = assertGpuDType(op, x.dtype);
  return elementwise(
    rt,
    { op, name: `unary:${op}`, inputs: [t], out: t, expr: ([v]) => unaryExpr(op, t, v!) },
    [x],
    x.view.shape,
  );
}

export function binaryKernel(
  rt: GpuRuntime,
  op: BinaryOp,
  a: Operand,
  b: Operand,
  outShape: Shape,
): GpuStorage {
  const t = assertGpuDType(op, a.dtype);
  const out: GpuDType = COMPARISON_OPS.has(op) ? 'bool' : t;
  return elementwise(
    rt,
    { op, name: `binary:${op}`, inputs: [t, t], out, expr: ([x, y]) => binaryExpr(op, t, x!, y!) },
    [a, b],
    outShape,
  );
}

export function whereKernel(
  rt: GpuRuntime,
  cond: Operand,
  a: Operand,
  b: Operand,
  outShape: Shape,
): GpuStorage {
  const c = assertGpuDType('where', cond.dtype);
  const t = assertGpuDType('where', a.dtype);
  return elementwise(
    rt,
    {
      op: 'where',
      name: `where:${c}`,
      inputs: [c, t, t],
      out: t,
      expr: ([k, x, y]) => `select(${y}, ${x}, ${truthyExpr(c, k!)})`,
    },
    [cond, a, b],
    outShape,
  );
}

export function castKernel(rt: GpuRuntime, x: Operand, dtype: GpuDType): GpuStorage {
  const from = assertGpuDType('cast', x.dtype);
  return elementwise(
    rt,
    {
      op: 'cast',
      name: `cast:${from}>${dtype}`,
      inputs: [from],
      out: dtype,
      expr: ([v]) => castExpr(from, dtype, v!),
    },
    [x],
    x.view.shape,
  );
}
