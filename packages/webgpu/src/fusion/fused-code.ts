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
 * `unitLoads` for four consecutive elements of one row starting at `i0` (the
 * vec4 path of the elementwise kernel).
 */
export interface FusedCode {
  readonly decls: string;
  readonly functions: string;
  /** Statements filling `var r: vec4<outType>` for the unit at `i0` (needs `four` = 4u at run time). */
  readonly unitLoads: readonly string[];
  /** WGSL expression for the length of the innermost (padded) dim. */
  readonly lastDim: string;
  readonly outType: string;
}

export function fusedCode(plan: FusedPlan, rank: number, bindingBase: number, paramBase: number): FusedCode {
  const dim = (d: number) => pu(paramBase + d);
  const first = (k: number) => paramBase + rank + k * (2 + rank);
  const mode = (k: number) => pu(first(k));
  const stride = (k: number, d: number) => pu(first(k) + 2 + d);
  const T = (t: GpuDType) => wgslType(t);
  const out = plan.nodes[plan.nodes.length - 1]!.spec.out;
  const last = plan.nodes.length - 1;

  const decls = plan.leaves.map(
    (l, k) => `@group(0) @binding(${bindingBase + k}) var<storage, read> l${k}: array<${T(l.dtype)}>;`,
  );

  // Element offset of a leaf (its params at `first`) at flat index idx, for any
  // mode: one function for all leaves, its dims walked in a loop, so the shader
  // stays small (compile time on lavapipe grows with shader size).
  const offsetFn = `fn pget(i: u32) -> u32 { return params.v[i / 4u][i % 4u]; }
fn leaf_off(first: u32, idx: u32) -> u32 {
  let mode = pget(first);
  let offset = pget(first + 1u);
  if (mode == ${LEAF_CONTIGUOUS}u) { return offset + idx; }
  if (mode == ${LEAF_SCALAR}u) { return offset; }
  var rem = idx;
  var o = offset;
  for (var d = ${rank - 1}u; d > 0u; d--) {
    let n = pget(${paramBase}u + d);
    if (n > 1u) {
      o += (rem % n) * pget(first + 2u + d);
      rem = rem / n;
    }
  }
  return o + rem * pget(first + 2u);
}`;
  /** The step between a unit's four elements: 1 (contiguous), 0 (broadcast) or the innermost stride. */
  const unitStep = (k: number) =>
    `select(select(${stride(k, rank - 1)}, 0u, ${mode(k)} == ${LEAF_SCALAR}u), 1u, ${mode(k)} == ${LEAF_CONTIGUOUS}u)`;

  /** Statements evaluating every node, naming node j `n{j}{suffix}` and inputs with `value`. */
  const evalNodes = (suffix: string, value: (r: Ref) => string): string[] =>
    plan.nodes.map((n, j) => `let n${j}${suffix} = ${n.spec.expr(n.args.map(value))};`);
  const refName = (suffix: string, leafName: (k: number) => string) => (r: Ref) =>
    'leaf' in r ? leafName(r.leaf) : `n${r.node}${suffix}`;

  const fusedAt = [
    `fn fused_at(idx: u32) -> ${T(out)} {`,
    ...plan.leaves.map((_, k) => `  let a${k} = l${k}[leaf_off(${first(k)}u, idx)];`),
    ...evalNodes(
      '',
      refName('', (k) => `a${k}`),
    ).map((s) => `  ${s}`),
    `  return n${last};`,
    '}',
  ].join('\n');

  // Four consecutive elements inside one row of the innermost dim (the caller checks).
  const unitLoads: string[] = [];
  plan.leaves.forEach((l, k) => {
    unitLoads.push(
      `let o${k} = leaf_off(${first(k)}u, i0);`,
      `let s${k} = ${unitStep(k)};`,
      `let v${k} = vec4<${T(l.dtype)}>(l${k}[o${k}], l${k}[o${k} + s${k}], l${k}[o${k} + 2u * s${k}], l${k}[o${k} + 3u * s${k}]);`,
    );
  });
  // one copy of the expression, looped over the components (not unrolled: a runtime
  // bound keeps the shader small, and on lavapipe compile time grows with shader size)
  const unitValue = evalNodes(
    '',
    refName('', (k) => `v${k}[c]`),
  );
  unitLoads.push(
    `for (var c = 0u; c < four; c++) {`,
    ...unitValue.map((x) => `  ${x}`),
    `  r[c] = n${last};`,
    '}',
  );

  return {
    decls: decls.join('\n'),
    functions: [offsetFn, fusedAt].join('\n'),
    unitLoads,
    lastDim: dim(rank - 1),
    outType: T(out),
  };
}

/** Storage bindings for a plan's leaves, named l0, l1, ... from `bindingBase`. */
export function leafDecls(plan: FusedPlan, bindingBase: number): string {
  return plan.leaves
    .map(
      (l, k) =>
        `@group(0) @binding(${bindingBase + k}) var<storage, read> l${k}: array<${wgslType(l.dtype)}>;`,
    )
    .join('\n');
}

/** Statements evaluating a plan's ops given WGSL for each leaf value; the result is named `n{last}`. */
export function planStatements(
  plan: FusedPlan,
  leafValue: (k: number) => string,
): { statements: string[]; result: string } {
  const statements = plan.nodes.map(
    (n, j) =>
      `let n${j} = ${n.spec.expr(n.args.map((r) => ('leaf' in r ? leafValue(r.leaf) : `n${r.node}`)))};`,
  );
  return { statements, result: `n${plan.nodes.length - 1}` };
}
