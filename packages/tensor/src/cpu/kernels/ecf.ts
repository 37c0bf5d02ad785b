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
import { forEachKnot, type Rotation, rotations, startRotations } from './ecf-rotation.js';
import { ECF_OUTPUT, ECF_PARAM, readParams, scratchOf } from './params.js';
import { f32Lanes } from './simd-helpers.js';

/**
 * ECF forward: sums over the chunk's rows of cos(t_k z) and sin(t_k z) for knots
 * k >= 1 (knot 0 is 1 and 0; the host writes it), four columns at a time.
 * cos / sin of t_1 z come from an f32x4 sincos, the other knots from the
 * rotation recurrence, four rows at once: a rotation is a mul-then-add
 * dependency chain, and four independent ones keep the FP pipes busy (measured
 * best of 2, 3 and 4 rows, although four rows' state spills a few registers).
 *
 * Sums are f32 over blocks of ECF_FLUSH_ROWS rows (partials in the thread's
 * scratch, in L1), then added into f64 accumulators, so a long column loses no
 * accuracy. Every chunk sums its rows in the same order whatever thread runs it.
 * With one row chunk the chunk writes the means to out [2, K, M]; otherwise its
 * f64 sums [2][K-1][Mpad], which the host adds up in row-chunk order.
 *
 * Signature: (chunk, tid).
 */

/** Rows summed in f32 before the f64 accumulators take them. */
export const ECF_FLUSH_ROWS = 16;
/** Rows advanced together through the knots. */
const ROWS = 4;
/** Scratch bytes per column vector and knot k >= 1: f32 partials (cos, sin) and f64 accumulators. */
export const ECF_SCRATCH_PER_KNOT = 3 * KNOT_BYTES;

interface Locals {
  readonly q: EcfParams;
  readonly v: ColumnVector;
  readonly rows: readonly Rotation[];
  readonly z: readonly Local<'v128'>[];
  readonly scratch: readonly Local<'v128'>[];
  readonly step: Local<'v128'>;
  readonly tmp: Local<'v128'>;
  /**
   * The chunk's f32 partials (per column vector, KNOT_BYTES per knot), then its
   * f64 accumulators (twice the size, same order); one vector's partials and last knot.
   */
  readonly part: Local<'i32'>;
  readonly acc: Local<'i32'>;
  readonly knotBytes: Local<'i32'>;
  readonly vecPart: Local<'i32'>;
  readonly vecPartLast: Local<'i32'>;
  readonly p: Local<'i32'>;
  readonly rowPtr: Local<'i32'>;
}

export function emitEcfChunk(mod: ModuleBuilder, pool: ConstantPool): FuncRef<undefined> {
  return mod.func('ecf_chunk', ['i32', 'i32'], undefined, (c) => {
    const chunk = c.param(0, 'i32');
    const tid = c.param(1, 'i32');
    const q = readParams(c, ECF_PARAM);
    const range = chunkRange(c, q, chunk);
    const l: Locals = {
      q,
      v: columnVector(c),
      rows: rotations(c, ROWS),
      z: Array.from({ length: ROWS }, () => c.local('v128')),
      scratch: Array.from({ length: 6 }, () => c.local('v128')),
      step: c.local('v128'),
      tmp: c.local('v128'),
      part: c.local('i32'),
      acc: c.local('i32'),
      knotBytes: c.local('i32'),
      vecPart: c.local('i32'),
      vecPartLast: c.local('i32'),
      p: c.local('i32'),
      rowPtr: c.local('i32'),
    };
    const j = c.local('i32');
    const n = c.local('i32');
    const row = c.local('i32');
    const blockEnd = c.local('i32');
    const lastGroup = c.local('i32');
    const partBytes = c.local('i32');
    stepSplat(c, q, l.step);
    scratchOf(c, tid, l.part);
    c.set(l.knotBytes, c.i32.mul(c.i32.sub(c.get(q.K), c.i32c(1)), c.i32c(KNOT_BYTES)));
    c.set(partBytes, c.i32.mul(c.i32.sub(c.get(range.jEnd), c.get(range.j0)), c.get(l.knotBytes)));
    c.set(l.acc, c.i32.add(c.get(l.part), c.get(partBytes)));
    c.memory.fill(c.get(l.acc), c.i32c(0), c.i32.shl(c.get(partBytes), c.i32c(1)));

    // rows outermost, so each row's columns of the chunk (a cache line) are read once
    c.for(n, c.get(range.n0), range.nEnd, ECF_FLUSH_ROWS, () => {
      c.set(blockEnd, c.i32.add(c.get(n), c.i32c(ECF_FLUSH_ROWS)));
      c.set(
        blockEnd,
        c.select(c.get(range.nEnd), c.get(blockEnd), c.i32.gt_s(c.get(blockEnd), c.get(range.nEnd))),
      );
      c.memory.fill(c.get(l.part), c.i32c(0), c.get(partBytes));
      // rows [n, blockEnd): ROWS at a time, then the rest one by one
      c.set(lastGroup, c.i32.sub(c.get(blockEnd), c.i32c(ROWS - 1)));
      const eachVector = (count: number) => {
        c.for(j, c.get(range.j0), range.jEnd, 1, () => {
          selectColumnVector(c, q, l.v, j);
          c.set(
            l.vecPart,
            c.i32.add(c.get(l.part), c.i32.mul(c.i32.sub(c.get(j), c.get(range.j0)), c.get(l.knotBytes))),
          );
          c.set(
            l.vecPartLast,
            c.i32.add(c.get(l.vecPart), c.i32.sub(c.get(l.knotBytes), c.i32c(KNOT_BYTES))),
          );
          rowsIntoPartials(c, pool, l, row, count);
        });
      };
      c.for(row, c.get(n), lastGroup, ROWS, () => eachVector(ROWS));
      c.for(row, c.get(row), blockEnd, 1, () => eachVector(1));
      flushPartials(c, l);
    });
    c.for(j, c.get(range.j0), range.jEnd, 1, () => {
      selectColumnVector(c, q, l.v, j);
      const vecAcc = c.local('i32');
      c.set(
        vecAcc,
        c.i32.add(
          c.get(l.acc),
          c.i32.shl(c.i32.mul(c.i32.sub(c.get(j), c.get(range.j0)), c.get(l.knotBytes)), c.i32c(1)),
        ),
      );
      c.if(
        c.i32.eq(c.get(q.output), c.i32c(ECF_OUTPUT.means)),
        () => storeMeans(c, l, vecAcc),
        () => storePartialSums(c, l, vecAcc, range.rowChunk),
      );
    });
  });
}

/** Adds cos / sin of rows `row` .. `row` + count - 1 of the current vector into its f32 partials. */
function rowsIntoPartials(c: Code, pool: ConstantPool, l: Locals, row: Local<'i32'>, count: number): void {
  const rows = l.rows.slice(0, count);
  for (let i = 0; i < count; i++) {
    c.set(
      l.rowPtr,
      c.i32.add(c.get(l.v.zBase), c.i32.mul(c.i32.add(c.get(row), c.i32c(i)), c.get(l.v.rowBytes))),
    );
    loadRow(c, l.v, l.rowPtr, l.z[i]!);
  }
  startRotations(c, pool, rows, l.z, l.step, l.scratch);
  const sum = (field: 'cos' | 'sin') => {
    let e = c.get(rows[0]![field]);
    for (let i = 1; i < count; i++) e = c.f32x4.add(e, c.get(rows[i]![field]));
    return e;
  };
  forEachKnot(c, l.p, l.vecPart, l.vecPartLast, rows, l.tmp, () => {
    c.v128.store(c.get(l.p), c.f32x4.add(c.v128.load(c.get(l.p)), sum('cos')));
    c.v128.store(c.get(l.p), c.f32x4.add(c.v128.load(c.get(l.p), 16), sum('sin')), 16);
  });
}

/** f64 accumulators (two f64x2 per f32x4 partial) += partials. */
function flushPartials(c: Code, l: Locals): void {
  const a = c.local('i32');
  const val = c.local('v128');
  c.set(a, c.get(l.acc));
  c.for(l.p, c.get(l.part), l.acc, 16, () => {
    c.set(val, c.v128.load(c.get(l.p)));
    c.v128.store(c.get(a), c.f64x2.add(c.v128.load(c.get(a)), c.f64x2.promoteLowF32x4(c.get(val))));
    c.v128.store(
      c.get(a),
      c.f64x2.add(
        c.v128.load(c.get(a), 16),
        c.f64x2.promoteLowF32x4(c.v128.shuffle(c.get(val), c.get(val), f32Lanes(2, 3, 2, 3))),
      ),
      16,
    );
    c.set(a, c.i32.add(c.get(a), c.i32c(32)));
  });
}

/**
 * Walks knots 1 .. K-1 of the accumulators (cos at `a`, sin at `a` + 32) with
 * `cosDst` / `sinDst` advanced by `dstStep` bytes per knot.
 */
function forEachAccumulatedKnot(
  c: Code,
  l: Locals,
  vecAcc: Local<'i32'>,
  cosDst: Local<'i32'>,
  sinDst: Local<'i32'>,
  dstStep: Local<'i32'>,
  visit: (a: Local<'i32'>) => void,
): void {
  const a = c.local('i32');
  const end = c.local('i32');
  c.set(end, c.i32.add(c.get(vecAcc), c.i32.shl(c.get(l.knotBytes), c.i32c(1))));
  c.for(a, c.get(vecAcc), end, 2 * KNOT_BYTES, () => {
    visit(a);
    c.set(cosDst, c.i32.add(c.get(cosDst), c.get(dstStep)));
    c.set(sinDst, c.i32.add(c.get(sinDst), c.get(dstStep)));
  });
}

/** out[s, k, m] = sum / N, rounded once from f64 (as the TypeScript kernel). */
function storeMeans(c: Code, l: Locals, vecAcc: Local<'i32'>): void {
  const { q, v } = l;
  const count = c.local('v128');
  const val = c.local('v128');
  const cosDst = c.local('i32');
  const sinDst = c.local('i32');
  const rowStep = c.local('i32');
  c.set(count, c.f64x2.splat(c.f64.convertI32s(c.get(q.N))));
  c.set(rowStep, c.i32.shl(c.get(q.M), c.i32c(2)));
  // knot 1 of out[0] and out[1]
  c.set(cosDst, c.i32.add(c.get(q.out), c.i32.shl(c.i32.add(c.get(q.M), c.get(v.m0)), c.i32c(2))));
  c.set(sinDst, c.i32.add(c.get(cosDst), c.i32.shl(c.i32.mul(c.get(q.K), c.get(q.M)), c.i32c(2))));
  const mean = (a: Local<'i32'>, offset: number) => {
    c.set(
      val,
      c.v128.shuffle(
        c.f32x4.demoteF64x2Zero(c.f64x2.div(c.v128.load(c.get(a), offset), c.get(count))),
        c.f32x4.demoteF64x2Zero(c.f64x2.div(c.v128.load(c.get(a), offset + 16), c.get(count))),
        f32Lanes(0, 1, 4, 5),
      ),
    );
  };
  forEachAccumulatedKnot(c, l, vecAcc, cosDst, sinDst, rowStep, (a) => {
    mean(a, 0);
    storeLanes(c, v.lanes, cosDst, val);
    mean(a, KNOT_BYTES);
    storeLanes(c, v.lanes, sinDst, val);
  });
}

/** partials[rowChunk][s][k - 1][Mpad] (f64) = the raw sums. */
function storePartialSums(c: Code, l: Locals, vecAcc: Local<'i32'>, rowChunk: Local<'i32'>): void {
  const { q, v } = l;
  const mPad = c.local('i32');
  const cosDst = c.local('i32');
  const sinDst = c.local('i32');
  const rowStep = c.local('i32');
  const plane = c.local('i32');
  c.set(mPad, c.i32.and(c.i32.add(c.get(q.M), c.i32c(3)), c.i32c(~3)));
  c.set(rowStep, c.i32.shl(c.get(mPad), c.i32c(3)));
  // one [K-1][Mpad] plane per (row chunk, cos / sin)
  c.set(plane, c.i32.mul(c.i32.sub(c.get(q.K), c.i32c(1)), c.get(rowStep)));
  c.set(
    cosDst,
    c.i32.add(
      c.i32.add(c.get(q.out), c.i32.mul(c.i32.shl(c.get(rowChunk), c.i32c(1)), c.get(plane))),
      c.i32.shl(c.get(v.m0), c.i32c(3)),
    ),
  );
  c.set(sinDst, c.i32.add(c.get(cosDst), c.get(plane)));
  forEachAccumulatedKnot(c, l, vecAcc, cosDst, sinDst, rowStep, (a) => {
    for (const [dst, offset] of [
      [cosDst, 0],
      [sinDst, KNOT_BYTES],
    ] as const) {
      c.v128.store(c.get(dst), c.v128.load(c.get(a), offset));
      c.v128.store(c.get(dst), c.v128.load(c.get(a), offset + 16), 16);
    }
  });
}
