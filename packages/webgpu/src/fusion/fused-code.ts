import type { GpuDType } from '../wgsl/dtypes.js';
import { wgslType } from '../wgsl/dtypes.js';
import { pu } from '../wgsl/params.js';
import { accessMode, coalesce } from '../wgsl/strided.js';
import type { FusedPlan, Ref } from './fused-plan.js';

/**
 * How a kernel reads a leaf, chosen per call and passed as a param (not baked
 * into the shader): every distinct shader is another pipeline to compile, and
 * that costs 0.2-1 s per pipeline on lavapipe, far more than a uniform branch.
 */
export const LEAF_CONTIGUOUS = 0;
export const LEAF_SCALAR = 1;
export const LEAF_STRIDED = 2;

/**
 * Dims are padded (leading size-1 dims) to a fixed rank for the same reason:
 * one shader serves every rank up to it. Higher ranks (rare after coalescing)
 * get their own shader.
 */
export const PADDED_RANK = 4;

/** Host-side layout of a plan's leaves over its (coalesced, padded) shape. */
export interface LeafLayout {
  readonly dims: number[];
  readonly strides: number[][];
  readonly modes: number[];
}

export function leafLayout(plan: FusedPlan): LeafLayout {
  const [dims, strides] = coalesce(
    plan.shape,
    plan.leaves.map((l) => l.view.strides),
  );
  while (dims.length < PADDED_RANK) {
    dims.unshift(1);
    for (const s of strides) s.unshift(0);
  }
  const modes = strides.map((s, k) => {
    const m = accessMode(dims, s);
    if (m === 'scalar') return LEAF_SCALAR;
    // a contiguous leaf at an unaligned offset reads as strided (its unit fast path is as good)
    return m === 'contiguous' && plan.leaves[k]!.view.offset % 4 === 0 ? LEAF_CONTIGUOUS : LEAF_STRIDED;
  });
  return { dims, strides, modes };
}

/** Params the leaves need, appended at `paramBase`: [dims, then per leaf: mode, offset, strides]. */
export function leafParams(plan: FusedPlan, layout: LeafLayout): number[] {
  const out = [...layout.dims];
  plan.leaves.forEach((l, k) => {
    out.push(layout.modes[k]!, l.view.offset, ...layout.strides[k]!);
  });
  return out;
}

export const leafParamCount = (leaves: number, rank: number) => rank + leaves * (2 + rank);

/**
 * WGSL pieces that evaluate a plan: leaf bindings from `bindingBase`, their
 * params from `paramBase`, `fused_at(idx)` for one element at a flat index, and
 * `unitLoads` / `unitValue` for four consecutive elements starting at `i0`
 * (the vec4 path of the elementwise kernel).
 */
export interface FusedCode {
  readonly decls: string;
  readonly functions: string;
  readonly unitLoads: readonly string[];
  readonly unitValue: string;
  readonly outType: string;
}

export function fusedCode(plan: FusedPlan, rank: number, bindingBase: number, paramBase: number): FusedCode {
  const dim = (d: number) => pu(paramBase + d);
  const first = (k: number) => paramBase + rank + k * (2 + rank);
  const mode = (k: number) => pu(first(k));
  const offset = (k: number) => pu(first(k) + 1);
  const stride = (k: number, d: number) => pu(first(k) + 2 + d);
  const T = (t: GpuDType) => wgslType(t);
  const out = plan.nodes[plan.nodes.length - 1]!.spec.out;
  const last = plan.nodes.length - 1;

  const decls = plan.leaves.map(
    (l, k) => `@group(0) @binding(${bindingBase + k}) var<storage, read> l${k}: array<${T(l.dtype)}>;`,
  );

  // element offset of leaf k at flat index idx, for any mode
  const offsetFns = plan.leaves.map((_, k) => {
    const lines = [
      `fn off${k}(idx: u32) -> u32 {`,
      `  if (${mode(k)} == ${LEAF_CONTIGUOUS}u) { return ${offset(k)} + idx; }`,
      `  if (${mode(k)} == ${LEAF_SCALAR}u) { return ${offset(k)}; }`,
      '  var rem = idx;',
      `  var o = ${offset(k)};`,
    ];
    for (let d = rank - 1; d >= 1; d--) {
      lines.push(
        `  if (${dim(d)} > 1u) { o += (rem % ${dim(d)}) * ${stride(k, d)}; rem = rem / ${dim(d)}; }`,
      );
    }
    lines.push(`  return o + rem * ${stride(k, 0)};`, '}');
    return lines.join('\n');
  });

  /** Statements evaluating every node, naming node j `n{j}{suffix}` and inputs with `value`. */
  const evalNodes = (suffix: string, value: (r: Ref) => string): string[] =>
    plan.nodes.map((n, j) => `let n${j}${suffix} = ${n.spec.expr(n.args.map(value))};`);
  const refName = (suffix: string, leafName: (k: number) => string) => (r: Ref) =>
    'leaf' in r ? leafName(r.leaf) : `n${r.node}${suffix}`;

  const fusedAt = [
    `fn fused_at(idx: u32) -> ${T(out)} {`,
    ...plan.leaves.map((_, k) => `  let a${k} = l${k}[off${k}(idx)];`),
    ...evalNodes(
      '',
      refName('', (k) => `a${k}`),
    ).map((s) => `  ${s}`),
    `  return n${last};`,
    '}',
  ].join('\n');

  const unitLoads: string[] = [`let same_row = (i0 % ${dim(rank - 1)}) + 3u < ${dim(rank - 1)};`];
  plan.leaves.forEach((l, k) => {
    const ty = `vec4<${T(l.dtype)}>`;
    const s = stride(k, rank - 1);
    unitLoads.push(
      `var v${k}: ${ty};`,
      `if (${mode(k)} == ${LEAF_CONTIGUOUS}u) { let o = ${offset(k)} + i0; v${k} = ${ty}(l${k}[o], l${k}[o + 1u], l${k}[o + 2u], l${k}[o + 3u]); }`,
      `else if (${mode(k)} == ${LEAF_SCALAR}u) { v${k} = ${ty}(l${k}[${offset(k)}]); }`,
      `else if (same_row) { let o = off${k}(i0); v${k} = ${ty}(l${k}[o], l${k}[o + ${s}], l${k}[o + 2u * ${s}], l${k}[o + 3u * ${s}]); }`,
      `else { v${k} = ${ty}(l${k}[off${k}(i0)], l${k}[off${k}(i0 + 1u)], l${k}[off${k}(i0 + 2u)], l${k}[off${k}(i0 + 3u)]); }`,
    );
  });
  const comps = ['x', 'y', 'z', 'w'];
  for (const c of comps)
    unitLoads.push(
      ...evalNodes(
        `_${c}`,
        refName(`_${c}`, (k) => `v${k}.${c}`),
      ),
    );
  const unitValue = `vec4<${T(out)}>(${comps.map((c) => `n${last}_${c}`).join(', ')})`;

  return {
    decls: decls.join('\n'),
    functions: [...offsetFns, fusedAt].join('\n'),
    unitLoads,
    unitValue,
    outType: T(out),
  };
}
