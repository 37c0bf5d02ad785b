import type { Operand, ReduceOp } from '@isotropic/tensor';
import { sizeOf } from '@isotropic/tensor';
import { leafDecls, planStatements } from '../fusion/fused-code.js';
import { buildPlan, type FusedPlan, isIdentityView, planKey } from '../fusion/fused-plan.js';
import type { GpuRuntime } from '../runtime/gpu-runtime.js';
import { asStorage, type GpuStorage, lazyStorage } from '../runtime/gpu-storage.js';
import { GRID_BUILTINS, LINEAR_WORKGROUP } from '../runtime/grid.js';
import type { BindingKind, Kernel } from '../runtime/kernel.js';
import { assertGpuDType, type GpuDType, wgslType } from '../wgsl/dtypes.js';
import { ParamWriter, paramsDecl, pu } from '../wgsl/params.js';
import { PRELUDE } from '../wgsl/prelude.js';
import { coalesce } from '../wgsl/strided.js';
import { contiguousCopy } from './contiguous-copy.js';

/**
 * Reductions over the trailing dims of a strided view, in one of two shapes:
 * - `thread`: one invocation walks a whole row; best for many short rows;
 * - `group`: a workgroup shares a row (or a slice of it, `S` splits per row),
 *   each thread striding over it, then a tree in workgroup memory. Splits write
 *   partial results that a second pass reduces the same way (1M elements: a few
 *   hundred partials, then one workgroup).
 * argmax/argmin carry (value, index) pairs and break ties towards the lower
 * index, NaN winning as in the CPU backend, so the result is the CPU's.
 *
 * A pending elementwise input read element for element is not computed first:
 * the reduction evaluates it on the fly (`fused` source), e.g. sum(exp(x - m)).
 *
 * Geometry is padded to fixed ranks and passed as params, so one shader per
 * (op, dtype, shape of kernel) serves every tensor shape: each distinct shader
 * is another pipeline to compile, which is slow on CPU adapters.
 */

type Mode = 'thread' | 'group';
const NO_INDEX = '0xffffffffu';
const THREAD_WG = 64;
const GROUP_WG = 128;
/** Outer and reduced dims are each padded to this rank. */
const RANK = 4;

/** Where rows come from: the strided input, a previous pass's contiguous partials, or a fused expression. */
type Source = { kind: 'strided' } | { kind: 'partials' } | { kind: 'fused'; plan: FusedPlan };

interface Variant {
  op: ReduceOp;
  dtype: GpuDType;
  mode: Mode;
  source: Source;
  /** Final output, or partials (value, plus index for arg ops) for another pass. */
  target: 'final' | 'partial';
}

const isArg = (op: ReduceOp) => op === 'argmax' || op === 'argmin';

function identity(op: ReduceOp, t: GpuDType): string {
  if (op === 'sum' || isArg(op)) return t === 'float32' ? '0.0' : t === 'int32' ? '0' : '0u';
  const max = op === 'max';
  if (t === 'float32') return max ? '-f32_inf()' : 'f32_inf()';
  if (t === 'int32') return max ? 'bitcast<i32>(0x80000000u)' : '2147483647';
  return max ? '0u' : '0xffffffffu';
}

/** WGSL statement folding candidate (v, i) into (acc, ai). */
function combine(op: ReduceOp, t: GpuDType, acc: string, ai: string, v: string, i: string): string {
  if (op === 'sum') return `${acc} = ${acc} + ${v};`;
  if (op === 'max') return `${acc} = ${t === 'float32' ? 'max_js' : 'max'}(${acc}, ${v});`;
  if (op === 'min') return `${acc} = ${t === 'float32' ? 'min_js' : 'min'}(${acc}, ${v});`;
  return `if (better(${v}, ${i}, ${acc}, ${ai})) { ${acc} = ${v}; ${ai} = ${i}; }`;
}

/** WGSL `better(v, i, bv, bi)`: whether candidate (v, i) beats the best so far. */
function betterFn(op: ReduceOp, t: GpuDType): string {
  const T = wgslType(t);
  const cmp = op === 'argmax' ? '>' : '<';
  const nan =
    t === 'float32'
      ? 'if (is_nan(v)) { return !is_nan(bv) || i < bi; }\n  if (is_nan(bv)) { return false; }'
      : '';
  return `fn better(v: ${T}, i: u32, bv: ${T}, bi: u32) -> bool {
  if (bi == ${NO_INDEX}) { return true; }
  ${nan}
  return v ${cmp} bv || (v == bv && i < bi);
}`;
}

// Params: [O, R, S, chunk, offset, outer dims, outer strides, reduced dims, reduced strides], then fused leaves.
const P = { O: pu(0), R: pu(1), S: pu(2), CHUNK: pu(3), OFFSET: pu(4) };
const outerDim = (d: number) => pu(5 + d);
const outerStride = (d: number) => pu(5 + RANK + d);
const redDim = (d: number) => pu(5 + 2 * RANK + d);
const redStride = (d: number) => pu(5 + 3 * RANK + d);
const FIXED_PARAMS = 5 + 4 * RANK;

/** WGSL: `fn row_base(o) -> u32` and `fn red_offset(r) -> u32` for a strided input. */
const STRIDED_FNS = `fn row_base(o: u32) -> u32 {
  var rem = o;
  var base = ${P.OFFSET};
  ${Array.from({ length: RANK - 1 }, (_, k) => RANK - 1 - k)
    .map(
      (d) =>
        `if (${outerDim(d)} > 1u) { base += (rem % ${outerDim(d)}) * ${outerStride(d)}; rem = rem / ${outerDim(d)}; }`,
    )
    .join('\n  ')}
  return base + rem * ${outerStride(0)};
}
fn red_offset(r: u32) -> u32 {
  if (${Array.from({ length: RANK - 1 }, (_, d) => `${redDim(d)} <= 1u`).join(' && ')}) { return r * ${redStride(RANK - 1)}; }
  var rem = r;
  var o = 0u;
  ${Array.from({ length: RANK - 1 }, (_, k) => RANK - 1 - k)
    .map(
      (d) =>
        `if (${redDim(d)} > 1u) { o += (rem % ${redDim(d)}) * ${redStride(d)}; rem = rem / ${redDim(d)}; }`,
    )
    .join('\n  ')}
  return o + rem * ${redStride(0)};
}`;

// Fused source: leaves coalesced separately over the kept and the reduced dims
// (both padded to RANK); per leaf [offset, outer strides, reduced strides] after
// the fixed params. Param 4 (the strided source's offset) flags a single
// reduced dim, the common case, where a leaf's element r is one multiply-add.
const LEAF_PARAMS = 1 + 2 * RANK;
const leafFirst = (k: number) => FIXED_PARAMS + k * LEAF_PARAMS;

function fusedFns(plan: FusedPlan, T: string): string {
  const leaves = plan.leaves.map((_, k) => k);
  const { statements, result } = planStatements(plan, (k) => `a${k}`);
  return `fn pget(i: u32) -> u32 { return params.v[i / 4u][i % 4u]; }
fn leaf_row(first: u32, o: u32) -> u32 {
  var rem = o;
  var b = pget(first);
  for (var d = ${RANK - 1}u; d > 0u; d--) {
    let n = pget(5u + d);
    if (n > 1u) { b += (rem % n) * pget(first + 1u + d); rem = rem / n; }
  }
  return b + rem * pget(first + 1u);
}
fn leaf_red(first: u32, r: u32) -> u32 {
  if (${P.OFFSET} == 1u) { return r * pget(first + ${2 * RANK}u); }
  var rem = r;
  var o = 0u;
  for (var d = ${RANK - 1}u; d > 0u; d--) {
    let n = pget(${5 + 2 * RANK}u + d);
    if (n > 1u) { o += (rem % n) * pget(first + ${1 + RANK}u + d); rem = rem / n; }
  }
  return o + rem * pget(first + ${1 + RANK}u);
}
fn fused_val(${[...leaves.map((k) => `lb${k}: u32`), 'r: u32'].join(', ')}) -> ${T} {
  ${leaves.map((k) => `let a${k} = l${k}[lb${k} + leaf_red(${leafFirst(k)}u, r)];`).join('\n  ')}
  ${statements.join('\n  ')}
  return ${result};
}`;
}

/** Host side of the fused source: the params after the fixed ones, or undefined if the dims do not fit. */
function fusedParams(
  plan: FusedPlan,
  reducedRank: number,
): { fixed: number[]; leaves: number[] } | undefined {
  const shape = plan.shape;
  const k = shape.length - reducedRank;
  const [od, os] = coalesce(
    shape.slice(0, k),
    plan.leaves.map((l) => l.view.strides.slice(0, k)),
  );
  const [rd, rs] = coalesce(
    shape.slice(k),
    plan.leaves.map((l) => l.view.strides.slice(k)),
  );
  if (od.length > RANK || rd.length > RANK) return undefined;
  const pad = (dims: number[], strides: number[][]) => {
    while (dims.length < RANK) {
      dims.unshift(1);
      for (const s of strides) s.unshift(0);
    }
  };
  pad(od, os);
  pad(rd, rs);
  const single = rd.slice(0, RANK - 1).every((d) => d === 1) ? 1 : 0;
  const fixed = [
    0,
    0,
    0,
    0,
    single,
    ...od,
    ...new Array<number>(RANK).fill(0),
    ...rd,
    ...new Array<number>(RANK).fill(0),
  ];
  const leaves = plan.leaves.flatMap((l, i) => [l.view.offset, ...os[i]!, ...rs[i]!]);
  return { fixed, leaves };
}

function sourceCode(source: Source): {
  base: string;
  load: (r: string) => string;
  index: (r: string) => string;
} {
  switch (source.kind) {
    case 'partials':
      return {
        base: `let base = o * ${P.R};`,
        load: (r) => `pv[base + ${r}]`,
        index: (r) => `pi[base + ${r}]`,
      };
    case 'fused': {
      const leaves = source.plan.leaves.map((_, k) => k);
      return {
        base: leaves.map((k) => `let lb${k} = leaf_row(${leafFirst(k)}u, o);`).join('\n  '),
        load: (r) => `fused_val(${[...leaves.map((k) => `lb${k}`), r].join(', ')})`,
        index: (r) => r,
      };
    }
    case 'strided':
      return { base: 'let base = row_base(o);', load: (r) => `x[base + red_offset(${r})]`, index: (r) => r };
  }
}

function buildKernel(v: Variant): Kernel {
  const T = wgslType(v.dtype);
  const arg = isArg(v.op);
  const decls: string[] = [];
  const bindings: BindingKind[] = [];
  const bind = (kind: BindingKind, decl: string) => {
    decls.push(`@group(0) @binding(${bindings.length}) ${decl}`);
    bindings.push(kind);
  };
  if (v.target === 'final') bind('readwrite', `var<storage, read_write> out: array<${arg ? 'i32' : T}>;`);
  else {
    bind('readwrite', `var<storage, read_write> out_v: array<${T}>;`);
    if (arg) bind('readwrite', 'var<storage, read_write> out_i: array<u32>;');
  }
  let fnCode = '';
  let nParams = FIXED_PARAMS;
  if (v.source.kind === 'strided') {
    bind('read', `var<storage, read> x: array<${T}>;`);
    fnCode = STRIDED_FNS;
  } else if (v.source.kind === 'partials') {
    bind('read', `var<storage, read> pv: array<${T}>;`);
    if (arg) bind('read', 'var<storage, read> pi: array<u32>;');
  } else {
    const { plan } = v.source;
    decls.push(leafDecls(plan, bindings.length));
    for (const _ of plan.leaves) bindings.push('read');
    fnCode = fusedFns(plan, T);
    nParams += plan.leaves.length * LEAF_PARAMS;
  }
  decls.push(paramsDecl(nParams, bindings.length));
  bindings.push('uniform');

  const src = sourceCode(v.source);
  const write = (slot: string, acc: string, ai: string) => {
    if (v.target === 'partial') return `out_v[${slot}] = ${acc};${arg ? ` out_i[${slot}] = ${ai};` : ''}`;
    if (arg) return `out[${slot}] = select(i32(${ai}), 0, ${ai} == ${NO_INDEX});`;
    // bool sums wrap like the CPU's Uint8Array
    return `out[${slot}] = ${v.op === 'sum' && v.dtype === 'bool' ? `${acc} & 0xffu` : acc};`;
  };
  const init = `var acc: ${T} = ${identity(v.op, v.dtype)};\n  var ai: u32 = ${NO_INDEX};`;
  let body: string;
  if (v.mode === 'thread') {
    body = `@compute @workgroup_size(${THREAD_WG})
fn main(${GRID_BUILTINS}) {
  let o = ${LINEAR_WORKGROUP} * ${THREAD_WG}u + lid;
  if (o >= ${P.O}) { return; }
  ${src.base}
  ${init}
  for (var r = 0u; r < ${P.R}; r++) {
    let v = ${src.load('r')};
    ${combine(v.op, v.dtype, 'acc', 'ai', 'v', src.index('r'))}
  }
  ${write('o', 'acc', 'ai')}
}`;
  } else {
    const W = GROUP_WG;
    body = `var<workgroup> sv: array<${T}, ${W}>;
${arg ? `var<workgroup> si: array<u32, ${W}>;` : ''}
@compute @workgroup_size(${W})
fn main(${GRID_BUILTINS}) {
  let t = ${LINEAR_WORKGROUP};
  let splits = ${P.S};
  if (t >= ${P.O} * splits) { return; }
  let o = t / splits;
  let start = (t % splits) * ${P.CHUNK};
  let end = min(${P.R}, start + ${P.CHUNK});
  ${src.base}
  ${init}
  for (var r = start + lid; r < end; r += ${W}u) {
    let v = ${src.load('r')};
    ${combine(v.op, v.dtype, 'acc', 'ai', 'v', src.index('r'))}
  }
  sv[lid] = acc;
  ${arg ? 'si[lid] = ai;' : ''}
  workgroupBarrier();
  for (var w = ${W / 2}u; w > 0u; w = w >> 1u) {
    if (lid < w) {
      var a = sv[lid];
      var ia = ${arg ? 'si[lid]' : '0u'};
      let v = sv[lid + w];
      ${combine(v.op, v.dtype, 'a', 'ia', 'v', arg ? 'si[lid + w]' : '0u')}
      sv[lid] = a;
      ${arg ? 'si[lid] = ia;' : ''}
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    ${write(v.target === 'partial' ? 't' : 'o', 'sv[0]', arg ? 'si[0]' : '0u')}
  }
}`;
  }
  const code = `${decls.join('\n')}
${PRELUDE}
${fnCode}
${arg ? betterFn(v.op, v.dtype) : ''}
${body}`;
  const srcName =
    v.source.kind === 'fused'
      ? `fused ${v.source.plan.nodes.map((n) => n.spec.name).join('+')}`
      : v.source.kind;
  return { op: v.op, label: `${v.op}[${v.mode} ${srcName} -> ${v.target}]`, code, bindings };
}

function kernelFor(rt: GpuRuntime, v: Variant): Kernel {
  const src = v.source.kind === 'fused' ? `fused ${planKey(v.source.plan)}` : v.source.kind;
  return rt.kernels.get(`reduce|${v.op}|${v.dtype}|${v.mode}|${src}|${v.target}`, () => buildKernel(v));
}

interface Plan {
  mode: Mode;
  splits: number;
  chunk: number;
}

/** Picks the kernel shape for O rows of R elements (see the file comment). */
function plan(rt: GpuRuntime, O: number, R: number, innerStride: number): Plan {
  const software = rt.caps.software;
  // Many rows: one thread each (a CPU adapter has few cores to feed; a GPU wants
  // short rows or plenty of them, and coalesced reads across threads when rows are strided).
  const threadRows = software
    ? O >= 64 || R <= 64
    : R <= 32 || (O >= 4096 && (R <= 1024 || innerStride !== 1));
  if (threadRows) return { mode: 'thread', splits: 1, chunk: R };
  const targetGroups = software ? 16 : 512;
  const maxSplits = Math.max(1, Math.ceil(R / (GROUP_WG * 8)));
  const splits = Math.max(1, Math.min(maxSplits, Math.ceil(targetGroups / O)));
  return { mode: 'group', splits, chunk: Math.ceil(R / splits) };
}

/** Splits `dims`/`strides` to a fixed rank by leading size-1 dims. */
function padded(dims: number[], strides: number[]): [number[], number[]] {
  if (dims.length > RANK) throw new Error('internal: rank above the padded rank');
  while (dims.length < RANK) {
    dims.unshift(1);
    strides.unshift(0);
  }
  return [dims, strides];
}

/** Leading (kept) and trailing (reduced) dims, each coalesced and padded. */
function geometry(x: Operand, reducedRank: number) {
  const shape = x.view.shape;
  const k = shape.length - reducedRank;
  const [od, [os]] = coalesce(shape.slice(0, k), [x.view.strides.slice(0, k)]);
  const [rd, [rs]] = coalesce(shape.slice(k), [x.view.strides.slice(k)]);
  if (od.length > RANK || rd.length > RANK) return undefined;
  return { outer: padded(od, os!), red: padded(rd, rs!) };
}

export function reduceKernel(rt: GpuRuntime, op: ReduceOp, x: Operand, reducedRank: number): GpuStorage {
  const dtype = assertGpuDType(op, x.dtype);
  const shape = x.view.shape;
  const O = sizeOf(shape.slice(0, shape.length - reducedRank));
  const R = sizeOf(shape.slice(shape.length - reducedRank));
  const out = rt.alloc(op, O);
  if (O === 0) return out;
  // An empty reduction gives what the CPU's typed-array store gives: 0 except float max/min (-inf/+inf).
  const effOp: ReduceOp = R === 0 && dtype !== 'float32' && (op === 'max' || op === 'min') ? 'sum' : op;
  const pending = lazyStorage(op, x.storage, rt);
  let source: Source;
  let inputs: GPUBuffer[];
  const params = new ParamWriter();
  const fusedPlan =
    pending.lazy && isIdentityView(x.view, pending.lazy.shape)
      ? buildPlan(pending.lazy, rt.fusionLimits(2), (s) => rt.materialize(s))
      : undefined;
  const fp = fusedPlan && fusedParams(fusedPlan, reducedRank);
  let extra: number[] = [];
  if (fusedPlan && fp) {
    // rows of a pending elementwise result: evaluate it inside the reduction
    source = { kind: 'fused', plan: fusedPlan };
    inputs = fusedPlan.leaves.map((l) => l.storage.buffer);
    params.u32(...fp.fixed);
    extra = fp.leaves;
  } else {
    const g = geometry(x, reducedRank);
    if (!g) {
      // more dims than the kernel takes, and they do not merge: reduce a contiguous copy
      return reduceContiguousCopy(rt, op, x, reducedRank, out);
    }
    source = { kind: 'strided' };
    inputs = [asStorage(op, x.storage, rt).buffer];
    params.u32(0, 0, 0, 0, x.view.offset, ...g.outer[0], ...g.outer[1], ...g.red[0], ...g.red[1]);
  }
  const innerStride = x.view.strides[x.view.strides.length - 1] ?? 1;
  const p = plan(rt, O, R, innerStride);
  const words = params.toArray();
  words.set([O, R, p.splits, p.chunk], 0);
  const all = extra.length > 0 ? concatWords(words, extra) : words;
  const arg = isArg(op);
  if (p.splits === 1) {
    const kernel = kernelFor(rt, { op: effOp, dtype, mode: p.mode, source, target: 'final' });
    rt.dispatch1d(kernel, [out.buffer, ...inputs], all, p.mode === 'thread' ? Math.ceil(O / THREAD_WG) : O);
    return out;
  }
  // First pass: O x S partials; then reduce those rows (recursively, though one more pass is the norm).
  const partialV = rt.temp(op, O * p.splits);
  const partialI = arg ? rt.temp(op, O * p.splits) : undefined;
  const k1 = kernelFor(rt, { op: effOp, dtype, mode: 'group', source, target: 'partial' });
  rt.dispatch1d(k1, partialI ? [partialV, partialI, ...inputs] : [partialV, ...inputs], all, O * p.splits);
  reducePartials(rt, effOp, dtype, partialV, partialI, O, p.splits, out.buffer);
  rt.releaseTemp(partialV);
  if (partialI) rt.releaseTemp(partialI);
  return out;
}

function concatWords(a: Uint32Array, b: number[]): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function reduceContiguousCopy(
  rt: GpuRuntime,
  op: ReduceOp,
  x: Operand,
  reducedRank: number,
  out: GpuStorage,
): GpuStorage {
  rt.release(out);
  const copy = contiguousCopy(rt, x);
  try {
    return reduceKernel(rt, op, copy, reducedRank);
  } finally {
    rt.release(asStorage(op, copy.storage, rt));
  }
}

/** Reduces contiguous partials [O, R] (values, and indices for arg ops) into `out`. */
function reducePartials(
  rt: GpuRuntime,
  op: ReduceOp,
  dtype: GpuDType,
  pv: GPUBuffer,
  pi: GPUBuffer | undefined,
  O: number,
  R: number,
  out: GPUBuffer,
): void {
  const p = plan(rt, O, R, 1);
  const params = new ParamWriter()
    .u32(O, R, p.splits, p.chunk, ...new Array<number>(1 + 4 * RANK).fill(0))
    .toArray();
  const inputs = pi ? [pv, pi] : [pv];
  const source: Source = { kind: 'partials' };
  if (p.splits === 1) {
    const kernel = kernelFor(rt, { op, dtype, mode: p.mode, source, target: 'final' });
    rt.dispatch1d(kernel, [out, ...inputs], params, p.mode === 'thread' ? Math.ceil(O / THREAD_WG) : O);
    return;
  }
  const nv = rt.temp(op, O * p.splits);
  const ni = pi ? rt.temp(op, O * p.splits) : undefined;
  const kernel = kernelFor(rt, { op, dtype, mode: 'group', source, target: 'partial' });
  rt.dispatch1d(kernel, ni ? [nv, ni, ...inputs] : [nv, ...inputs], params, O * p.splits);
  reducePartials(rt, op, dtype, nv, ni, O, p.splits, out);
  rt.releaseTemp(nv);
  if (ni) rt.releaseTemp(ni);
}
