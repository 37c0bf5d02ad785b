import type { Code, FuncRef, Local, Val } from '../wasm/code-builder.js';
import type { ModuleBuilder } from '../wasm/module-builder.js';
import type { ConstantPool } from './constant-pool.js';
import {
  BINARY_OPS,
  COMPARE_OPS,
  ELEMENTWISE_PARAM,
  ELEMENTWISE_PATTERN,
  ELEMENTWISE_RANK,
  readParams,
  UNARY_OPS,
} from './params.js';
import { erfF32x4, expF32x4, logF32x4, signF32x4, tanhF32x4 } from './simd-math.js';

/**
 * Elementwise jobs over a strided view of up to 4 dims (the host coalesces
 * first): the output is contiguous, a chunk is a range of rows (the three outer
 * dims), and each row runs the innermost dim with a loop chosen by its access
 * pattern: f32x4 when operands are unit-stride or broadcast along the row,
 * scalar otherwise. Each output element depends only on its inputs, so chunking
 * cannot change results.
 */

type Params = Record<keyof typeof ELEMENTWISE_PARAM, Local<'i32'>>;

/**
 * Walks the rows of chunk `chunk` (a row: all of the innermost dim at one index
 * of the outer dims): calls `row(out, a, b)` with byte pointers to the row's
 * first output and first elements of a and b.
 */
function forEachRow(
  c: Code,
  q: Params,
  chunk: Local<'i32'>,
  row: (out: Local<'i32'>, a: Local<'i32'>, b: Local<'i32'>) => void,
): void {
  const outerDims = ELEMENTWISE_RANK - 1;
  const dim = (k: number) => q[`d${k}` as keyof Params];
  const idx = Array.from({ length: outerDims }, () => c.local('i32'));
  const r = c.local('i32');
  const end = c.local('i32');
  const rest = c.local('i32');
  const rows = c.local('i32');
  const out = c.local('i32');
  const a = c.local('i32');
  const b = c.local('i32');
  c.set(rows, c.get(dim(0)));
  for (let k = 1; k < outerDims; k++) c.set(rows, c.i32.mul(c.get(rows), c.get(dim(k))));
  c.set(r, c.i32.mul(c.get(chunk), c.get(q.rowsPerChunk)));
  c.set(end, c.i32.add(c.get(r), c.get(q.rowsPerChunk)));
  c.set(end, c.select(c.get(end), c.get(rows), c.i32.lt_s(c.get(end), c.get(rows))));
  // the multi-index of the first row, then stepped like an odometer
  c.set(rest, c.get(r));
  for (let k = outerDims - 1; k > 0; k--) {
    c.set(idx[k]!, c.i32.rem_u(c.get(rest), c.get(dim(k))));
    c.set(rest, c.i32.div_u(c.get(rest), c.get(dim(k))));
  }
  c.set(idx[0]!, c.get(rest));
  const offset = (prefix: 'aS' | 'bS') => {
    let sum = c.i32.mul(c.get(idx[0]!), c.get(q[`${prefix}0`]));
    for (let k = 1; k < outerDims; k++) {
      sum = c.i32.add(sum, c.i32.mul(c.get(idx[k]!), c.get(q[`${prefix}${k as 1 | 2 | 3 | 4}`])));
    }
    return c.i32.shl(sum, c.i32c(2));
  };
  const inner = dim(outerDims);
  const step = (k: number): void => {
    c.set(idx[k]!, c.i32.add(c.get(idx[k]!), c.i32c(1)));
    if (k === 0) return;
    c.if(c.i32.eq(c.get(idx[k]!), c.get(dim(k))), () => {
      c.set(idx[k]!, c.i32c(0));
      step(k - 1);
    });
  };
  c.for(r, c.get(r), end, 1, () => {
    c.set(out, c.i32.add(c.get(q.out), c.i32.shl(c.i32.mul(c.get(r), c.get(inner)), c.i32c(2))));
    c.set(a, c.i32.add(c.get(q.a), offset('aS')));
    c.set(b, c.i32.add(c.get(q.b), offset('bS')));
    row(out, a, b);
    step(outerDims - 1);
  });
}

type BinaryOp = (typeof BINARY_OPS)[number];
type CompareOp = (typeof COMPARE_OPS)[number];
const isCompare = (op: BinaryOp): op is CompareOp => (COMPARE_OPS as readonly string[]).includes(op);

/**
 * Comparisons write int32 1 / 0 into the f32-sized slots (a comparison's all-ones
 * lanes masked to 1): the host turns int32 into a byte mask with one native copy,
 * five times faster than from float 1.0 / 0.0.
 */
function vectorOp(c: Code, op: BinaryOp, x: Val<'v128'>, y: Val<'v128'>): Val<'v128'> {
  return isCompare(op) ? c.v128.and(c.f32x4[op](x, y), c.i32x4c(1)) : c.f32x4[op](x, y);
}

function scalarOp(c: Code, op: BinaryOp, x: Val<'f32'>, y: Val<'f32'>): Val<'f32'> {
  return isCompare(op) ? c.f32.reinterpretI32(c.f32[op](x, y)) : c.f32[op](x, y);
}

/** binary_chunk(chunk, tid): out = a (op) b. */
export function emitBinaryChunk(mod: ModuleBuilder): FuncRef<undefined> {
  return mod.func('binary_chunk', ['i32', 'i32'], undefined, (c) => {
    const chunk = c.param(0, 'i32');
    const q = readParams(c, ELEMENTWISE_PARAM);
    const i = c.local('i32');
    const vecEnd = c.local('i32');
    const bv = c.local('v128');
    const av = c.local('v128');
    const ptrA = c.local('i32');
    const ptrB = c.local('i32');
    const ptrO = c.local('i32');
    const at = (base: Local<'i32'>) => c.i32.add(c.get(base), c.i32.shl(c.get(i), c.i32c(2)));
    c.set(vecEnd, c.i32.sub(c.get(q.d5), c.i32c(3)));

    BINARY_OPS.forEach((op, opIndex) => {
      c.if(c.i32.eq(c.get(q.op), c.i32c(opIndex)), () => {
        const pattern = (p: number, body: () => void) => c.if(c.i32.eq(c.get(q.pattern), c.i32c(p)), body);
        pattern(ELEMENTWISE_PATTERN.unitUnit, () =>
          forEachRow(c, q, chunk, (out, a, b) => {
            c.for(i, 0, vecEnd, 4, () => {
              c.v128.store(at(out), vectorOp(c, op, c.v128.load(at(a)), c.v128.load(at(b))));
            });
            c.for(i, c.get(i), q.d5, 1, () => {
              c.f32.store(at(out), scalarOp(c, op, c.f32.load(at(a)), c.f32.load(at(b))));
            });
          }),
        );
        pattern(ELEMENTWISE_PATTERN.unitBroadcast, () =>
          forEachRow(c, q, chunk, (out, a, b) => {
            c.set(bv, c.v128.load32Splat(c.get(b)));
            c.for(i, 0, vecEnd, 4, () => {
              c.v128.store(at(out), vectorOp(c, op, c.v128.load(at(a)), c.get(bv)));
            });
            c.for(i, c.get(i), q.d5, 1, () => {
              c.f32.store(at(out), scalarOp(c, op, c.f32.load(at(a)), c.f32x4.extractLane(c.get(bv), 0)));
            });
          }),
        );
        pattern(ELEMENTWISE_PATTERN.broadcastUnit, () =>
          forEachRow(c, q, chunk, (out, a, b) => {
            c.set(av, c.v128.load32Splat(c.get(a)));
            c.for(i, 0, vecEnd, 4, () => {
              c.v128.store(at(out), vectorOp(c, op, c.get(av), c.v128.load(at(b))));
            });
            c.for(i, c.get(i), q.d5, 1, () => {
              c.f32.store(at(out), scalarOp(c, op, c.f32x4.extractLane(c.get(av), 0), c.f32.load(at(b))));
            });
          }),
        );
        pattern(ELEMENTWISE_PATTERN.general, () =>
          forEachRow(c, q, chunk, (out, a, b) => {
            c.set(ptrA, c.get(a));
            c.set(ptrB, c.get(b));
            c.set(ptrO, c.get(out));
            c.for(i, 0, q.d5, 1, () => {
              c.f32.store(c.get(ptrO), scalarOp(c, op, c.f32.load(c.get(ptrA)), c.f32.load(c.get(ptrB))));
              c.set(ptrO, c.i32.add(c.get(ptrO), c.i32c(4)));
              c.set(ptrA, c.i32.add(c.get(ptrA), c.i32.shl(c.get(q.aS5), c.i32c(2))));
              c.set(ptrB, c.i32.add(c.get(ptrB), c.i32.shl(c.get(q.bS5), c.i32c(2))));
            });
          }),
        );
      });
    });
  });
}

type UnaryOp = (typeof UNARY_OPS)[number];

/** One (v128) -> v128 function per unary op, shared by the vector loop and the ragged tail. */
function emitUnaryVector(mod: ModuleBuilder, op: UnaryOp, pool: ConstantPool): FuncRef<'v128'> {
  return mod.func(`unary_${op}`, ['v128'], 'v128', (c) => {
    const x = c.param(0, 'v128');
    const m = { t: Array.from({ length: 7 }, () => c.local('v128')), pool };
    const body: Record<UnaryOp, () => Val<'v128'>> = {
      copy: () => c.get(x),
      neg: () => c.f32x4.neg(c.get(x)),
      abs: () => c.f32x4.abs(c.get(x)),
      sqrt: () => c.f32x4.sqrt(c.get(x)),
      recip: () => c.f32x4.div(pool.f32x4(c, 1), c.get(x)),
      exp: () => expF32x4(c, x, m),
      log: () => logF32x4(c, x, m),
      tanh: () => tanhF32x4(c, x, m),
      erf: () => erfF32x4(c, x, m),
      floor: () => c.f32x4.floor(c.get(x)),
      sign: () => signF32x4(c, x, m),
    };
    c.result(body[op]());
  });
}

/** unary_chunk(chunk, tid): out = op(a); a may have any strides. */
export function emitUnaryChunk(mod: ModuleBuilder, pool: ConstantPool): FuncRef<undefined> {
  const fns = UNARY_OPS.map((op) => emitUnaryVector(mod, op, pool));
  return mod.func('unary_chunk', ['i32', 'i32'], undefined, (c) => {
    const chunk = c.param(0, 'i32');
    const q = readParams(c, ELEMENTWISE_PARAM);
    const i = c.local('i32');
    const vecEnd = c.local('i32');
    const left = c.local('i32');
    const src = c.local('i32');
    const step = c.local('i32');
    const v = c.local('v128');
    c.set(vecEnd, c.i32.sub(c.get(q.d5), c.i32c(3)));
    c.set(step, c.i32.shl(c.get(q.aS5), c.i32c(2)));
    const lanePtr = (lane: number) => c.i32.add(c.get(src), c.i32.mul(c.get(step), c.i32c(lane)));
    fns.forEach((fn, opIndex) => {
      c.if(c.i32.eq(c.get(q.op), c.i32c(opIndex)), () => {
        forEachRow(c, q, chunk, (out, a) => {
          c.set(src, c.get(a));
          c.if(
            c.i32.eq(c.get(q.pattern), c.i32c(ELEMENTWISE_PATTERN.unitUnit)),
            () => {
              c.for(i, 0, vecEnd, 4, () => {
                c.v128.store(c.get(out), c.call(fn, c.v128.load(c.get(src))));
                c.set(src, c.i32.add(c.get(src), c.i32c(16)));
                c.set(out, c.i32.add(c.get(out), c.i32c(16)));
              });
            },
            () => {
              if (UNARY_OPS[opIndex] === 'copy') {
                // a strided copy (materialising a permuted view): plain scalar moves
                c.for(i, 0, q.d5, 1, () => {
                  c.f32.store(c.get(out), c.f32.load(c.get(src)));
                  c.set(src, c.i32.add(c.get(src), c.get(step)));
                  c.set(out, c.i32.add(c.get(out), c.i32c(4)));
                });
                return;
              }
              c.for(i, 0, vecEnd, 4, () => {
                c.set(v, c.v128.load32Splat(c.get(src)));
                for (let lane = 1; lane < 4; lane++)
                  c.set(v, c.f32x4.replaceLane(c.get(v), lane, c.f32.load(lanePtr(lane))));
                c.v128.store(c.get(out), c.call(fn, c.get(v)));
                c.set(src, c.i32.add(c.get(src), c.i32.shl(c.get(step), c.i32c(2))));
                c.set(out, c.i32.add(c.get(out), c.i32c(16)));
              });
            },
          );
          // 1-3 elements left: gather them into lanes, store only those lanes
          c.set(left, c.i32.sub(c.get(q.d5), c.get(i)));
          c.set(left, c.select(c.get(left), c.i32c(0), c.i32.gt_s(c.get(left), c.i32c(0))));
          c.if(c.get(left), () => {
            c.set(v, c.f32x4c(0));
            for (let lane = 0; lane < 3; lane++) {
              c.if(c.i32.gt_s(c.get(left), c.i32c(lane)), () => {
                c.set(v, c.f32x4.replaceLane(c.get(v), lane, c.f32.load(lanePtr(lane))));
              });
            }
            c.set(v, c.call(fn, c.get(v)));
            for (let lane = 0; lane < 3; lane++) {
              c.if(c.i32.gt_s(c.get(left), c.i32c(lane)), () => {
                c.v128.store32Lane(c.get(out), c.get(v), lane, 4 * lane);
              });
            }
          });
        });
      });
    });
  });
}
