import type { Code, FuncRef, Local } from '../wasm/code-builder.js';
import type { ModuleBuilder } from '../wasm/module-builder.js';
import { REDUCE_OPS, REDUCE_PARAM, REDUCE_PATTERN, readParams, scratchOf } from './params.js';
import { f32Lanes } from './simd-helpers.js';

/**
 * Reductions of a strided view: outputs indexed by up to two kept dims, each
 * reducing up to two dims. Sums accumulate in f64 (two f64x2 accumulators per
 * four lanes), as the TypeScript kernel does, so long sums keep their accuracy;
 * max / min propagate NaN. A chunk is a range of outputs, each owned by one
 * thread, so threading cannot change results.
 *
 * Signature: (chunk, tid).
 */

type Params = Record<keyof typeof REDUCE_PARAM, Local<'i32'>>;
type ReduceOp = (typeof REDUCE_OPS)[number];

const IDENTITY: Record<ReduceOp, number> = {
  sum: 0,
  max: Number.NEGATIVE_INFINITY,
  min: Number.POSITIVE_INFINITY,
};

/**
 * Four vector lanes (f64x2 pairs for sums, one f32x4 for max / min) plus one
 * scalar (f64) for elements outside whole vectors.
 */
interface Accumulator {
  reset(): void;
  addVector(v: Local<'v128'>): void;
  addScalar(ptr: Local<'i32'>): void;
  /** The vector lanes as f32x4 (the columns pattern stores them as four outputs). */
  lanes(): Local<'v128'>;
  /** Vector lanes and scalar combined (in f64), stored as one f32 output. */
  store(ptr: Local<'i32'>): void;
}

function accumulator(c: Code, op: ReduceOp): Accumulator {
  const lo = c.local('v128');
  const hi = c.local('v128');
  const vec = c.local('v128');
  const s = c.local('f64');
  const combine = (x: () => ReturnType<Code['f64c']>) =>
    c.set(s, op === 'sum' ? c.f64.add(c.get(s), x()) : c.f64[op](c.get(s), x()));
  return {
    reset: () => {
      c.set(s, c.f64c(IDENTITY[op]));
      if (op === 'sum') {
        c.set(lo, c.f64x2.splat(c.f64c(0)));
        c.set(hi, c.f64x2.splat(c.f64c(0)));
      } else c.set(vec, c.f32x4c(IDENTITY[op]));
    },
    addVector: (v) => {
      if (op === 'sum') {
        c.set(lo, c.f64x2.add(c.get(lo), c.f64x2.promoteLowF32x4(c.get(v))));
        c.set(
          hi,
          c.f64x2.add(
            c.get(hi),
            c.f64x2.promoteLowF32x4(c.v128.shuffle(c.get(v), c.get(v), f32Lanes(2, 3, 2, 3))),
          ),
        );
      } else c.set(vec, c.f32x4[op](c.get(vec), c.get(v)));
    },
    addScalar: (ptr) => combine(() => c.f64.promoteF32(c.f32.load(c.get(ptr)))),
    lanes: () => {
      if (op === 'sum') {
        c.set(
          vec,
          c.v128.shuffle(
            c.f32x4.demoteF64x2Zero(c.get(lo)),
            c.f32x4.demoteF64x2Zero(c.get(hi)),
            f32Lanes(0, 1, 4, 5),
          ),
        );
      }
      return vec;
    },
    store: (ptr) => {
      if (op === 'sum') {
        for (const pair of [lo, hi])
          for (let lane = 0; lane < 2; lane++) combine(() => c.f64x2.extractLane(c.get(pair), lane));
      } else {
        for (let lane = 0; lane < 4; lane++)
          combine(() => c.f64.promoteF32(c.f32x4.extractLane(c.get(vec), lane)));
      }
      c.f32.store(c.get(ptr), c.f32.demoteF64(c.get(s)));
    },
  };
}

export function emitReduceChunk(mod: ModuleBuilder): FuncRef<undefined> {
  return mod.func('reduce_chunk', ['i32', 'i32'], undefined, (c) => {
    const chunk = c.param(0, 'i32');
    const tid = c.param(1, 'i32');
    const q = readParams(c, REDUCE_PARAM);
    REDUCE_OPS.forEach((op, opIndex) => {
      c.if(c.i32.eq(c.get(q.op), c.i32c(opIndex)), () => {
        c.if(
          c.i32.eq(c.get(q.pattern), c.i32c(REDUCE_PATTERN.columns)),
          () => columns(c, q, chunk, tid, op),
          () => rowsOrGeneral(c, q, chunk, op),
        );
      });
    });
  });
}

/** Byte offset of kept index (j0, j1). */
function keptOffset(c: Code, q: Params, j0: Local<'i32'>, j1: Local<'i32'>) {
  return c.i32.shl(
    c.i32.add(c.i32.mul(c.get(j0), c.get(q.sOuter0)), c.i32.mul(c.get(j1), c.get(q.sOuter1))),
    c.i32c(2),
  );
}

/** One output per iteration; vectorised along the innermost reduced dim when it is unit-stride. */
function rowsOrGeneral(c: Code, q: Params, chunk: Local<'i32'>, op: ReduceOp): void {
  const o = c.local('i32');
  const end = c.local('i32');
  const j0 = c.local('i32');
  const j1 = c.local('i32');
  const i0 = c.local('i32');
  const i1 = c.local('i32');
  const base = c.local('i32');
  const ptr = c.local('i32');
  const outPtr = c.local('i32');
  const vecEnd = c.local('i32');
  const v = c.local('v128');
  const acc = accumulator(c, op);
  c.set(o, c.i32.mul(c.get(chunk), c.get(q.perChunk)));
  c.set(end, c.i32.add(c.get(o), c.get(q.perChunk)));
  c.set(end, c.select(c.get(end), c.get(q.outputs), c.i32.lt_s(c.get(end), c.get(q.outputs))));
  c.set(vecEnd, c.i32.sub(c.get(q.inner1), c.i32c(3)));
  c.for(o, c.get(o), end, 1, () => {
    c.set(j0, c.i32.div_u(c.get(o), c.get(q.outer1)));
    c.set(j1, c.i32.rem_u(c.get(o), c.get(q.outer1)));
    c.set(base, c.i32.add(c.get(q.x), keptOffset(c, q, j0, j1)));
    acc.reset();
    c.for(i0, 0, q.inner0, 1, () => {
      c.set(ptr, c.i32.add(c.get(base), c.i32.shl(c.i32.mul(c.get(i0), c.get(q.sInner0)), c.i32c(2))));
      c.set(i1, c.i32c(0));
      c.if(c.i32.eq(c.get(q.pattern), c.i32c(REDUCE_PATTERN.rows)), () => {
        c.for(i1, 0, vecEnd, 4, () => {
          c.set(v, c.v128.load(c.get(ptr)));
          acc.addVector(v);
          c.set(ptr, c.i32.add(c.get(ptr), c.i32c(16)));
        });
      });
      c.for(i1, c.get(i1), q.inner1, 1, () => {
        acc.addScalar(ptr);
        c.set(ptr, c.i32.add(c.get(ptr), c.i32.shl(c.get(q.sInner1), c.i32c(2))));
      });
    });
    c.set(outPtr, c.i32.add(c.get(q.out), c.i32.shl(c.get(o), c.i32c(2))));
    acc.store(outPtr);
  });
}

/**
 * The innermost kept dim is unit-stride: the chunk's outputs advance together
 * through the reduced dims (e.g. summing a [B, C] batch over B for a bias
 * gradient), reading each input row once as contiguous vectors. Accumulators
 * (f64 pairs for sums) live in the thread's scratch. Chunk = (j0, a block of
 * perChunk outputs along j1); ragged outputs past the last group of 4 are scalar.
 */
function columns(c: Code, q: Params, chunk: Local<'i32'>, tid: Local<'i32'>, op: ReduceOp): void {
  const blocks = c.local('i32');
  const j0 = c.local('i32');
  const start = c.local('i32');
  const j1 = c.local('i32');
  const end = c.local('i32');
  const vecEnd = c.local('i32');
  const i0 = c.local('i32');
  const i1 = c.local('i32');
  const base = c.local('i32');
  const ptr = c.local('i32');
  const at = c.local('i32');
  const accBase = c.local('i32');
  const outPtr = c.local('i32');
  const v = c.local('v128');
  const lo = c.local('v128');
  const hi = c.local('v128');
  const acc = accumulator(c, op);
  const accBytes = op === 'sum' ? 3 : 2; // log2 of bytes per output's accumulator
  c.set(
    blocks,
    c.i32.div_u(c.i32.add(c.get(q.outer1), c.i32.sub(c.get(q.perChunk), c.i32c(1))), c.get(q.perChunk)),
  );
  c.set(j0, c.i32.div_u(c.get(chunk), c.get(blocks)));
  c.set(start, c.i32.mul(c.i32.rem_u(c.get(chunk), c.get(blocks)), c.get(q.perChunk)));
  c.set(end, c.i32.add(c.get(start), c.get(q.perChunk)));
  c.set(end, c.select(c.get(end), c.get(q.outer1), c.i32.lt_s(c.get(end), c.get(q.outer1))));
  c.set(vecEnd, c.i32.add(c.get(start), c.i32.and(c.i32.sub(c.get(end), c.get(start)), c.i32c(~3))));
  scratchOf(c, tid, accBase);
  const accAt = () =>
    c.i32.add(c.get(accBase), c.i32.shl(c.i32.sub(c.get(j1), c.get(start)), c.i32c(accBytes)));
  const walk = (visit: () => void) => {
    c.for(i0, 0, q.inner0, 1, () => {
      c.set(ptr, c.i32.add(c.get(base), c.i32.shl(c.i32.mul(c.get(i0), c.get(q.sInner0)), c.i32c(2))));
      c.for(i1, 0, q.inner1, 1, () => {
        visit();
        c.set(ptr, c.i32.add(c.get(ptr), c.i32.shl(c.get(q.sInner1), c.i32c(2))));
      });
    });
  };
  const outAt = () =>
    c.i32.add(
      c.get(q.out),
      c.i32.shl(c.i32.add(c.i32.mul(c.get(j0), c.get(q.outer1)), c.get(j1)), c.i32c(2)),
    );

  // groups of four outputs, accumulated row by row
  c.for(j1, c.get(start), vecEnd, 4, () => {
    if (op === 'sum') {
      c.v128.store(accAt(), c.f64x2.splat(c.f64c(0)));
      c.v128.store(accAt(), c.f64x2.splat(c.f64c(0)), 16);
    } else c.v128.store(accAt(), c.f32x4c(IDENTITY[op]));
  });
  c.set(base, c.i32.add(c.get(q.x), keptOffset(c, q, j0, start)));
  walk(() => {
    c.for(j1, c.get(start), vecEnd, 4, () => {
      c.set(v, c.v128.load(c.i32.add(c.get(ptr), c.i32.shl(c.i32.sub(c.get(j1), c.get(start)), c.i32c(2)))));
      c.set(at, accAt());
      if (op === 'sum') {
        c.v128.store(c.get(at), c.f64x2.add(c.v128.load(c.get(at)), c.f64x2.promoteLowF32x4(c.get(v))));
        c.v128.store(
          c.get(at),
          c.f64x2.add(
            c.v128.load(c.get(at), 16),
            c.f64x2.promoteLowF32x4(c.v128.shuffle(c.get(v), c.get(v), f32Lanes(2, 3, 2, 3))),
          ),
          16,
        );
      } else c.v128.store(c.get(at), c.f32x4[op](c.v128.load(c.get(at)), c.get(v)));
    });
  });
  c.for(j1, c.get(start), vecEnd, 4, () => {
    c.set(at, accAt());
    if (op === 'sum') {
      c.set(lo, c.v128.load(c.get(at)));
      c.set(hi, c.v128.load(c.get(at), 16));
      c.v128.store(
        outAt(),
        c.v128.shuffle(
          c.f32x4.demoteF64x2Zero(c.get(lo)),
          c.f32x4.demoteF64x2Zero(c.get(hi)),
          f32Lanes(0, 1, 4, 5),
        ),
      );
    } else c.v128.store(outAt(), c.v128.load(c.get(at)));
  });
  // the last 1-3 outputs, each on its own
  c.for(j1, c.get(vecEnd), end, 1, () => {
    c.set(base, c.i32.add(c.get(q.x), keptOffset(c, q, j0, j1)));
    acc.reset();
    walk(() => acc.addScalar(ptr));
    c.set(outPtr, outAt());
    acc.store(outPtr);
  });
}
