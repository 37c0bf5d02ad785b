import { describe, expect, it } from 'vitest';
import type { Backend, BinaryOp, Operand, Tensor, UnaryOp } from '../src/index.js';
import { cast, cpuBackend, eq, ge, gt, le, lt, ne, tensor } from '../src/index.js';
import {
  expectClose,
  expectIdentical,
  type Layout,
  oneThread,
  operand,
  readAndRelease,
  reference,
  threeThreads,
} from './cpu-harness.js';

const SPECIALS = [
  0,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1e-40,
  -1e-40,
  3e38,
  -3e38,
  1,
  -1,
];

/** An operand holding `values` (cycled to fill `shape`), laid out as `layout`. */
function withValues(backend: Backend, shape: number[], values: readonly number[], layout: Layout): Operand {
  const o = operand(backend, shape, 1, layout);
  const raw = backend.readSync!(o.storage, 'float32', Number.MAX_SAFE_INTEGER) as Float32Array;
  // overwrite the storage in place through a fresh upload of edited data
  const data = Float32Array.from(raw, (_, i) => values[i % values.length]!);
  backend.release(o.storage);
  return { ...o, storage: backend.upload(data, 'float32') };
}

function domain(op: UnaryOp): number[] {
  const out: number[] = [...SPECIALS];
  for (let i = 0; i < 200; i++) {
    const t = (i / 199) * 2 - 1;
    if (op === 'exp') out.push(t * 110);
    else if (op === 'log' || op === 'sqrt') out.push(10 ** (t * 40), t);
    else if (op === 'tanh' || op === 'erf') out.push(t * 12, t * 0.7, t * 1e-3);
    else out.push(t * 1e3, t);
  }
  return out;
}

/** Relative and absolute error allowed against the TypeScript (f64, then rounded) reference. */
const TOLERANCE: Record<string, [number, number]> = {
  exp: [3e-7, 0],
  log: [3e-7, 1e-37],
  tanh: [4e-7, 1e-37],
  erf: [1e-6, 3e-7],
};

const UNARY: UnaryOp[] = [
  'copy',
  'neg',
  'abs',
  'sqrt',
  'recip',
  'exp',
  'log',
  'tanh',
  'erf',
  'floor',
  'sign',
];
const SHAPES: [number[], Layout][] = [
  [[1], 'contiguous'],
  [[3], 'contiguous'],
  [[7, 13], 'contiguous'],
  [[5, 6, 7], 'transposed'],
  [[4, 9], 'spaced'],
  [[2, 3, 5], 'offset'],
  [[3, 4, 5, 6], 'broadcast'],
  [[2, 2, 2, 2, 3], 'transposed'],
  [[2, 3, 2, 3, 2, 3], 'transposed'],
  // 7 dims that cannot merge: the TypeScript kernel
  [[2, 3, 2, 3, 2, 3, 2], 'transposed'],
  [[300, 301], 'contiguous'],
  // batches of 2-D transposes (the tiled copy), with ragged 4x4 blocks
  [[37, 41], 'transposed'],
  [[3, 2, 10, 9], 'swapLast'],
  [[2, 130, 257], 'swapLast'],
];

function unary(backend: Backend, op: UnaryOp, shape: number[], layout: Layout): Float32Array {
  const x = withValues(backend, shape, domain(op), layout);
  return readAndRelease(
    backend,
    backend.unary(op, x),
    shape.reduce((a, b) => a * b, 1),
    [x],
  );
}

describe('wasm f32 unary kernels against the TypeScript reference', () => {
  it.each(UNARY)('%s on special values, every layout and ragged lengths', (op) => {
    const [rtol, atol] = TOLERANCE[op] ?? [0, 0];
    for (const [shape, layout] of SHAPES) {
      const want = unary(reference, op, shape, layout);
      const got = unary(oneThread, op, shape, layout);
      expectClose(got, want, rtol, atol, `${op} ${layout} [${shape}]`);
      expectIdentical(unary(threeThreads, op, shape, layout), got, `${op} threads`);
    }
  });
});

const BINARY: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'max', 'min', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'];

/** Broadcast pairs: [a shape, b shape], the output is their broadcast. */
const PAIRS: [number[], number[]][] = [
  [[37], [37]],
  [[6, 10], [10]],
  [
    [6, 10],
    [6, 1],
  ],
  [[1], [5, 9]],
  [
    [4, 1, 7],
    [1, 3, 1],
  ],
  [[3, 65, 48], [48]],
  [
    [2, 3, 4, 5, 6],
    [2, 1, 4, 1, 6],
  ],
  // big enough to wake the workers
  [[64, 65, 48], [48]],
];

function broadcast(o: Operand, out: number[]): Operand {
  const lead = out.length - o.view.shape.length;
  const strides = out.map((d, i) => {
    if (i < lead) return 0;
    const own = o.view.shape[i - lead]!;
    return own === 1 && d !== 1 ? 0 : o.view.strides[i - lead]!;
  });
  return { ...o, view: { shape: out, strides, offset: o.view.offset } };
}

function binary(
  backend: Backend,
  op: BinaryOp,
  [sa, sb]: [number[], number[]],
  layout: Layout,
): Float32Array {
  const outShape = Array.from({ length: Math.max(sa.length, sb.length) }, (_, i) => {
    const da = sa[sa.length - Math.max(sa.length, sb.length) + i] ?? 1;
    const db = sb[sb.length - Math.max(sa.length, sb.length) + i] ?? 1;
    return Math.max(da, db);
  });
  const a = operand(backend, sa, 3, layout);
  const b = withValues(
    backend,
    sb,
    [...SPECIALS, 0.5, -2, 7, 1e-3],
    layout === 'broadcast' ? 'contiguous' : layout,
  );
  const out = backend.binary(op, broadcast(a, outShape), broadcast(b, outShape), outShape);
  // comparisons give bool masks (bytes): compare them as floats
  return Float32Array.from(
    readAndRelease(
      backend,
      out,
      outShape.reduce((x, y) => x * y, 1),
      [a, b],
    ),
  );
}

describe('wasm f32 binary kernels against the TypeScript reference', () => {
  it.each(BINARY)('%s, exact, on broadcast pairs and layouts', (op) => {
    for (const pair of PAIRS) {
      for (const layout of ['contiguous', 'transposed', 'spaced'] as const) {
        const want = binary(reference, op, pair, layout);
        const got = binary(oneThread, op, pair, layout);
        // f32 + - * / are correctly rounded either way; max/min may differ only in the sign of a zero
        expectClose(got, want, 0, 0, `${op} ${layout} ${JSON.stringify(pair)}`);
        expectIdentical(binary(threeThreads, op, pair, layout), got, `${op} threads`);
      }
    }
  });

  it('comparisons run in wasm but still give bool masks (bytes), and free their float block', () => {
    const a = operand(oneThread, [5], 1);
    const before = oneThread.memory().liveBytes;
    const out = oneThread.binary('lt', a, a, [5]);
    expect(oneThread.readSync(out, 'bool', 5)).toBeInstanceOf(Uint8Array);
    expect(oneThread.memory().liveBytes - before).toBe(5);
    oneThread.release(out);
    oneThread.release(a.storage);
  });
});

describe('TypeScript comparison and cast kernels', () => {
  // contiguous runs take fast paths (branch-free compares, typed-array copies for casts):
  // they must give what the strided element loop gives, edge values included
  const values = [3.7, -3.7, Number.NaN, Infinity, -Infinity, 3e9, -0.5, 0, -0, 2147483647, 1e-45];

  it('cast to int32 and bool: contiguous and strided views agree, as JS conversion defines', () => {
    const x = tensor(values, [values.length], { backend: cpuBackend() });
    // the same values read through a stride-2 view of an interleaved copy
    const interleaved = tensor(
      values.flatMap((v) => [v, 123]),
      [values.length, 2],
      { backend: cpuBackend() },
    );
    const strided = interleaved.slice([null, 0]);
    expect(strided.isContiguous).toBe(false);
    const truncated = values.map((v) => new Int32Array([Math.trunc(Math.fround(v))])[0]);
    for (const view of [x, strided]) {
      expect(Array.from(cast(view, 'int32').dataSync())).toEqual(truncated);
      expect(Array.from(cast(view, 'bool').dataSync())).toEqual(values.map((v) => (v !== 0 ? 1 : 0)));
      expect(Array.from(cast(cast(view, 'bool'), 'float32').dataSync())).toEqual(
        values.map((v) => (v !== 0 ? 1 : 0)),
      );
    }
  });

  it('comparisons give 0/1 with NaN comparing false (ne: true)', () => {
    const x = tensor(values, [values.length], { backend: cpuBackend() });
    const expectOp = (got: Tensor, f: (v: number) => boolean) =>
      expect(Array.from(got.dataSync())).toEqual(values.map((v) => (f(Math.fround(v)) ? 1 : 0)));
    expectOp(gt(x, 0), (v) => v > 0);
    expectOp(ge(x, 0), (v) => v >= 0);
    expectOp(lt(x, 0), (v) => v < 0);
    expectOp(le(x, 0), (v) => v <= 0);
    expectOp(eq(x, 0), (v) => v === 0);
    expectOp(ne(x, 0), (v) => v !== 0);
  });
});
