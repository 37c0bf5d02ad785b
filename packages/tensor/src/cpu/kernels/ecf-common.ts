import type { Code, Local } from '../wasm/code-builder.js';
import type { ECF_PARAM } from './params.js';
import { minI32 } from './simd-helpers.js';

/**
 * What the ECF forward and backward kernels share: which rows and column
 * vectors a chunk covers, loading four columns of one row of z (any strides,
 * the last vector ragged), storing ragged vectors, and the grid step.
 */

export type EcfParams = Record<keyof typeof ECF_PARAM, Local<'i32'>>;

/** Bytes per knot in the kernels' per-knot tables (two f32x4). */
export const KNOT_BYTES = 32;

/** The chunk's rows [n0, nEnd) and column vectors [j0, jEnd). */
export interface ChunkRange {
  readonly n0: Local<'i32'>;
  readonly nEnd: Local<'i32'>;
  readonly j0: Local<'i32'>;
  readonly jEnd: Local<'i32'>;
  /** The row chunk's index (where forward partial sums go). */
  readonly rowChunk: Local<'i32'>;
}

export function chunkRange(c: Code, q: EcfParams, chunk: Local<'i32'>): ChunkRange {
  const r = {
    n0: c.local('i32'),
    nEnd: c.local('i32'),
    j0: c.local('i32'),
    jEnd: c.local('i32'),
    rowChunk: c.local('i32'),
  };
  const vectors = c.local('i32');
  c.set(r.rowChunk, c.i32.div_u(c.get(chunk), c.get(q.colChunks)));
  c.set(r.j0, c.i32.mul(c.i32.rem_u(c.get(chunk), c.get(q.colChunks)), c.get(q.vecsPerChunk)));
  c.set(r.jEnd, c.i32.add(c.get(r.j0), c.get(q.vecsPerChunk)));
  c.set(vectors, c.i32.shr_u(c.i32.add(c.get(q.M), c.i32c(3)), c.i32c(2)));
  c.set(r.jEnd, minI32(c, r.jEnd, vectors));
  c.set(r.n0, c.i32.mul(c.get(r.rowChunk), c.get(q.rowsPerChunk)));
  c.set(r.nEnd, c.i32.add(c.get(r.n0), c.get(q.rowsPerChunk)));
  c.set(r.nEnd, minI32(c, r.nEnd, q.N));
  return r;
}

/** Column vector j: its first column, how many of its 4 lanes are columns, and whether one v128 load reads it. */
export interface ColumnVector {
  readonly m0: Local<'i32'>;
  readonly lanes: Local<'i32'>;
  readonly whole: Local<'i32'>;
  /** Byte address of z[0, m0]. */
  readonly zBase: Local<'i32'>;
  /** Bytes between lanes (columns) and between rows of z. */
  readonly laneBytes: Local<'i32'>;
  readonly rowBytes: Local<'i32'>;
}

export function columnVector(c: Code): ColumnVector {
  return {
    m0: c.local('i32'),
    lanes: c.local('i32'),
    whole: c.local('i32'),
    zBase: c.local('i32'),
    laneBytes: c.local('i32'),
    rowBytes: c.local('i32'),
  };
}

export function selectColumnVector(c: Code, q: EcfParams, v: ColumnVector, j: Local<'i32'>): void {
  c.set(v.m0, c.i32.shl(c.get(j), c.i32c(2)));
  c.set(v.lanes, c.i32.sub(c.get(q.M), c.get(v.m0)));
  c.set(v.lanes, c.select(c.i32c(4), c.get(v.lanes), c.i32.gt_s(c.get(v.lanes), c.i32c(4))));
  c.set(v.laneBytes, c.i32.shl(c.get(q.sM), c.i32c(2)));
  c.set(v.rowBytes, c.i32.shl(c.get(q.sN), c.i32c(2)));
  c.set(v.whole, c.i32.and(c.i32.eq(c.get(v.lanes), c.i32c(4)), c.i32.eq(c.get(q.sM), c.i32c(1))));
  c.set(v.zBase, c.i32.add(c.get(q.z), c.i32.mul(c.get(v.m0), c.get(v.laneBytes))));
}

/** z at the row starting at `ptr` into `into`: one load for a whole unit-stride vector, else lane by lane (missing lanes 0). */
export function loadRow(c: Code, v: ColumnVector, ptr: Local<'i32'>, into: Local<'v128'>): void {
  c.if(
    c.get(v.whole),
    () => c.set(into, c.v128.load(c.get(ptr))),
    () => {
      c.set(into, c.v128.load32Zero(c.get(ptr)));
      for (let lane = 1; lane < 4; lane++) {
        c.if(c.i32.gt_s(c.get(v.lanes), c.i32c(lane)), () => {
          c.set(
            into,
            c.f32x4.replaceLane(
              c.get(into),
              lane,
              c.f32.load(c.i32.add(c.get(ptr), c.i32.mul(c.get(v.laneBytes), c.i32c(lane)))),
            ),
          );
        });
      }
    },
  );
}

/** Stores the first `lanes` lanes of `value` at consecutive floats from `ptr`. */
export function storeLanes(c: Code, lanes: Local<'i32'>, ptr: Local<'i32'>, value: Local<'v128'>): void {
  c.if(
    c.i32.eq(c.get(lanes), c.i32c(4)),
    () => c.v128.store(c.get(ptr), c.get(value)),
    () => {
      for (let lane = 0; lane < 3; lane++) {
        c.if(c.i32.gt_s(c.get(lanes), c.i32c(lane)), () =>
          c.v128.store32Lane(c.get(ptr), c.get(value), lane, 4 * lane),
        );
      }
    },
  );
}

/** The step t_1 (an f32 parameter) as an f64x2 splat. */
export function stepSplat(c: Code, q: EcfParams, into: Local<'v128'>): void {
  c.set(into, c.f64x2.splat(c.f64.promoteF32(c.f32.reinterpretI32(c.get(q.step)))));
}
