import type { FuncRef } from '../wasm/code-builder.js';
import type { ModuleBuilder } from '../wasm/module-builder.js';
import { readParams, TRANSPOSE_PARAM } from './params.js';
import { transpose4x4 } from './simd-helpers.js';

/**
 * Copies a transposed view into contiguous memory (e.g. a channels-last tensor
 * permuted back to NCHW before a convolution): 4x4 blocks are read as four
 * vectors along the input's unit stride, transposed in registers, and written as
 * four vectors along the output's rows. A strided scalar copy touches a new
 * cache line (and often a new page) per element instead.
 *
 * Signature: (chunk, tid); chunk = (outer block, run of rowsPerChunk output rows).
 */
export function emitTransposeChunk(mod: ModuleBuilder): FuncRef<undefined> {
  return mod.func('transpose_chunk', ['i32', 'i32'], undefined, (c) => {
    const chunk = c.param(0, 'i32');
    const q = readParams(c, TRANSPOSE_PARAM);
    const outer = c.local('i32');
    const r = c.local('i32');
    const rEnd = c.local('i32');
    const rVec = c.local('i32');
    const j = c.local('i32');
    const jVec = c.local('i32');
    const ii = c.local('i32');
    const inBase = c.local('i32');
    const outBase = c.local('i32');
    const colBytes = c.local('i32');
    const src = c.local('i32');
    const dst = c.local('i32');
    const rows = Array.from({ length: 4 }, () => c.local('v128'));
    const tmp = Array.from({ length: 4 }, () => c.local('v128'));
    const cols = Array.from({ length: 4 }, () => c.local('v128'));

    c.set(outer, c.i32.div_u(c.get(chunk), c.get(q.blocksPerOuter)));
    c.set(r, c.i32.mul(c.i32.rem_u(c.get(chunk), c.get(q.blocksPerOuter)), c.get(q.rowsPerChunk)));
    c.set(rEnd, c.i32.add(c.get(r), c.get(q.rowsPerChunk)));
    c.set(rEnd, c.select(c.get(rEnd), c.get(q.R), c.i32.lt_s(c.get(rEnd), c.get(q.R))));
    c.set(rVec, c.i32.add(c.get(r), c.i32.and(c.i32.sub(c.get(rEnd), c.get(r)), c.i32c(~3))));
    c.set(jVec, c.i32.and(c.get(q.C), c.i32c(~3)));
    c.set(
      inBase,
      c.i32.add(
        c.get(q.a),
        c.i32.shl(c.i32.load(c.i32.add(c.get(q.outerTable), c.i32.shl(c.get(outer), c.i32c(2)))), c.i32c(2)),
      ),
    );
    c.set(
      outBase,
      c.i32.add(
        c.get(q.out),
        c.i32.shl(c.i32.mul(c.i32.mul(c.get(outer), c.get(q.R)), c.get(q.C)), c.i32c(2)),
      ),
    );
    c.set(colBytes, c.i32.shl(c.get(q.sIn), c.i32c(2)));
    // in[r + k, j] and out[r + k, j] (element (row, column) of the output's view)
    const inAt = (k: number) =>
      c.i32.add(
        c.get(inBase),
        c.i32.shl(c.i32.add(c.i32.mul(c.get(j), c.get(q.sIn)), c.i32.add(c.get(r), c.i32c(k))), c.i32c(2)),
      );
    const outAt = (k: number) =>
      c.i32.add(
        c.get(outBase),
        c.i32.shl(c.i32.add(c.i32.mul(c.i32.add(c.get(r), c.i32c(k)), c.get(q.C)), c.get(j)), c.i32c(2)),
      );

    // groups of four output rows
    c.for(r, c.get(r), rVec, 4, () => {
      c.for(j, 0, jVec, 4, () => {
        c.set(src, inAt(0));
        for (let k = 0; k < 4; k++) {
          c.set(rows[k]!, c.v128.load(c.get(src)));
          c.set(src, c.i32.add(c.get(src), c.get(colBytes)));
        }
        transpose4x4(c, rows, tmp, cols);
        for (let k = 0; k < 4; k++) c.v128.store(outAt(k), c.get(cols[k]!));
      });
      // the last 1-3 columns of these rows
      c.for(j, c.get(jVec), q.C, 1, () => {
        for (let k = 0; k < 4; k++) c.f32.store(outAt(k), c.f32.load(inAt(k)));
      });
    });
    // the last 1-3 rows of the chunk, element by element
    c.for(ii, c.get(rVec), rEnd, 1, () => {
      c.set(dst, c.i32.add(c.get(outBase), c.i32.shl(c.i32.mul(c.get(ii), c.get(q.C)), c.i32c(2))));
      c.set(src, c.i32.add(c.get(inBase), c.i32.shl(c.get(ii), c.i32c(2))));
      c.for(j, 0, q.C, 1, () => {
        c.f32.store(c.get(dst), c.f32.load(c.get(src)));
        c.set(dst, c.i32.add(c.get(dst), c.i32c(4)));
        c.set(src, c.i32.add(c.get(src), c.get(colBytes)));
      });
    });
  });
}
