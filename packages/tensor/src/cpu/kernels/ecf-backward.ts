import type { Code, FuncRef, Local } from '../wasm/code-builder.js';
import type { ModuleBuilder } from '../wasm/module-builder.js';
import type { ConstantPool } from './constant-pool.js';
import {
  type ColumnVector,
  chunkRange,
  columnVector,
  type EcfParams,
  KNOT_BYTES,
  loadRow,
  selectColumnVector,
  stepSplat,
  storeLanes,
} from './ecf-common.js';
import { ECF_PARAM, readParams } from './params.js';
import { sincosOfStepF32x4 } from './simd-sincos.js';

/**
 * ECF backward: dz[n, m] = sum_{k >= 1} cos(t_k z) a[k, m] + sin(t_k z) b[k, m]
 * with a = t_k g[1, k, m] / N and b = -t_k g[0, k, m] / N (knot 0 has t_0 = 0
 * and contributes nothing). With u = e^{i t_1 z} and w_k = a_k - i b_k that is
 * Re(sum_k w_k u^k), a polynomial in u evaluated by Horner's rule: one complex
 * multiply-add per knot (4 mul, 4 add), where rotating (cos, sin) and then
 * taking the dot product would cost 6 mul, 4 add and one more register per row.
 * Horner on the unit circle is as accurate as the rotation recurrence (each
 * step adds a few ulp of sum_k |w_k|). The host's table holds (a_k, -b_k).
 *
 * u comes from the f32x4 sincos (angle reduced in f64). Three rows go through
 * the knots at once: three independent dependency chains, and their 12 state
 * vectors plus 3 temporaries still fit the 16 xmm registers V8 uses (four
 * rows spill, and measured slower). Each output is one chunk's, summed in a
 * fixed order, so threads cannot change results.
 *
 * Signature: (chunk, tid).
 */

/** Rows advanced together through the knots. */
const ROWS = 3;

/** One row's u = (c1, s1) and Horner accumulator h = (re, im). */
interface HornerRow {
  readonly c1: Local<'v128'>;
  readonly s1: Local<'v128'>;
  readonly re: Local<'v128'>;
  readonly im: Local<'v128'>;
}

interface Locals {
  readonly q: EcfParams;
  readonly v: ColumnVector;
  readonly rows: readonly HornerRow[];
  readonly z: readonly Local<'v128'>[];
  readonly scratch: readonly Local<'v128'>[];
  readonly step: Local<'v128'>;
  readonly tmp: Local<'v128'>;
  readonly a: Local<'v128'>;
  readonly b: Local<'v128'>;
  /** The current vector's table (knot 1) and its size. */
  readonly tabFirst: Local<'i32'>;
  readonly tabBytes: Local<'i32'>;
  readonly p: Local<'i32'>;
  readonly ptr: Local<'i32'>;
  readonly outRowBytes: Local<'i32'>;
}

export function emitEcfBackwardChunk(mod: ModuleBuilder, pool: ConstantPool): FuncRef<undefined> {
  return mod.func('ecf_backward_chunk', ['i32', 'i32'], undefined, (c) => {
    const chunk = c.param(0, 'i32');
    const q = readParams(c, ECF_PARAM);
    const range = chunkRange(c, q, chunk);
    const l: Locals = {
      q,
      v: columnVector(c),
      rows: Array.from({ length: ROWS }, () => ({
        c1: c.local('v128'),
        s1: c.local('v128'),
        re: c.local('v128'),
        im: c.local('v128'),
      })),
      z: Array.from({ length: ROWS }, () => c.local('v128')),
      scratch: Array.from({ length: 6 }, () => c.local('v128')),
      step: c.local('v128'),
      tmp: c.local('v128'),
      a: c.local('v128'),
      b: c.local('v128'),
      tabFirst: c.local('i32'),
      tabBytes: c.local('i32'),
      p: c.local('i32'),
      ptr: c.local('i32'),
      outRowBytes: c.local('i32'),
    };
    const j = c.local('i32');
    const row = c.local('i32');
    const lastGroup = c.local('i32');
    stepSplat(c, q, l.step);
    c.set(l.tabBytes, c.i32.mul(c.i32.sub(c.get(q.K), c.i32c(1)), c.i32c(KNOT_BYTES)));
    c.set(l.outRowBytes, c.i32.shl(c.get(q.M), c.i32c(2)));
    c.set(lastGroup, c.i32.sub(c.get(range.nEnd), c.i32c(ROWS - 1)));
    // rows outermost, so each row's columns of the chunk (a cache line) are read once
    const eachVector = (count: number) => {
      c.for(j, c.get(range.j0), range.jEnd, 1, () => {
        selectColumnVector(c, q, l.v, j);
        gradientRows(c, pool, l, j, row, count);
      });
    };
    c.for(row, c.get(range.n0), lastGroup, ROWS, () => eachVector(ROWS));
    c.for(row, c.get(row), range.nEnd, 1, () => eachVector(1));
  });
}

/** dz at rows `row` .. `row` + count - 1 of column vector j. */
function gradientRows(
  c: Code,
  pool: ConstantPool,
  l: Locals,
  j: Local<'i32'>,
  row: Local<'i32'>,
  count: number,
): void {
  const rows = l.rows.slice(0, count);
  c.set(l.tabFirst, c.i32.add(c.get(l.q.table), c.i32.mul(c.get(j), c.get(l.tabBytes))));
  c.set(l.p, c.i32.add(c.get(l.tabFirst), c.i32.sub(c.get(l.tabBytes), c.i32c(KNOT_BYTES))));
  rows.forEach((r, i) => {
    c.set(
      l.ptr,
      c.i32.add(c.get(l.v.zBase), c.i32.mul(c.i32.add(c.get(row), c.i32c(i)), c.get(l.v.rowBytes))),
    );
    loadRow(c, l.v, l.ptr, l.z[i]!);
    sincosOfStepF32x4(c, pool, l.z[i]!, l.step, { cos: r.c1, sin: r.s1 }, l.scratch);
    // Horner from the last knot: h = w_{K-1}
    c.set(r.re, c.v128.load(c.get(l.p)));
    c.set(r.im, c.v128.load(c.get(l.p), 16));
  });
  // h <- w_k + u h for k = K-2 .. 1
  c.block((exit) => {
    c.loop((top) => {
      c.brIf(exit, c.i32.le_u(c.get(l.p), c.get(l.tabFirst)));
      c.set(l.p, c.i32.sub(c.get(l.p), c.i32c(KNOT_BYTES)));
      c.set(l.a, c.v128.load(c.get(l.p)));
      c.set(l.b, c.v128.load(c.get(l.p), 16));
      for (const r of rows) {
        c.set(
          l.tmp,
          c.f32x4.add(
            c.get(l.a),
            c.f32x4.sub(c.f32x4.mul(c.get(r.c1), c.get(r.re)), c.f32x4.mul(c.get(r.s1), c.get(r.im))),
          ),
        );
        c.set(
          r.im,
          c.f32x4.add(
            c.get(l.b),
            c.f32x4.add(c.f32x4.mul(c.get(r.s1), c.get(r.re)), c.f32x4.mul(c.get(r.c1), c.get(r.im))),
          ),
        );
        c.set(r.re, c.get(l.tmp));
      }
      c.br(top);
    });
  });
  // dz = Re(u h), into dz [N, M] (contiguous)
  rows.forEach((r, i) => {
    c.set(l.tmp, c.f32x4.sub(c.f32x4.mul(c.get(r.c1), c.get(r.re)), c.f32x4.mul(c.get(r.s1), c.get(r.im))));
    c.set(
      l.ptr,
      c.i32.add(
        c.get(l.q.out),
        c.i32.add(
          c.i32.mul(c.i32.add(c.get(row), c.i32c(i)), c.get(l.outRowBytes)),
          c.i32.shl(c.get(l.v.m0), c.i32c(2)),
        ),
      ),
    );
    storeLanes(c, l.v.lanes, l.ptr, l.tmp);
  });
}
