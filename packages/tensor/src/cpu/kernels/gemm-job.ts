import type { FuncRef } from '../wasm/code-builder.js';
import type { ModuleBuilder } from '../wasm/module-builder.js';
import { KC, MC, MR, NC, NR } from './gemm-config.js';
import { B_SOURCE, GEMM_PARAM, readParams, scratchOf } from './params.js';
import { minI32 } from './simd-helpers.js';

export interface GemmPieces {
  readonly packA: FuncRef<undefined>;
  readonly packB: FuncRef<undefined>;
  readonly packIm2col: FuncRef<undefined>;
  readonly packIm2colTransposed: FuncRef<undefined>;
  readonly macro: FuncRef<undefined>;
}

/** Scratch one thread needs for a GEMM chunk: packed A block, packed B block, edge tile. */
export const GEMM_SCRATCH_BYTES = 4 * (MC * KC + KC * NC + MR * NR);

/**
 * One chunk of a GEMM job: the C block (group g, rows i0.., columns j0..) over all
 * segments and KC-blocks of K, each packed into this thread's scratch. Every C
 * element is produced by exactly one chunk with a fixed summation order.
 *
 * Signature: (chunk, tid).
 */
export function emitGemmChunk(mod: ModuleBuilder, p: GemmPieces): FuncRef<undefined> {
  return mod.func('gemm_chunk', ['i32', 'i32'], undefined, (c) => {
    const chunk = c.param(0, 'i32');
    const tid = c.param(1, 'i32');
    const q = readParams(c, GEMM_PARAM);
    const g = c.local('i32');
    const rem = c.local('i32');
    const i0 = c.local('i32');
    const j0 = c.local('i32');
    const mc = c.local('i32');
    const nc = c.local('i32');
    const kc = c.local('i32');
    const left = c.local('i32');
    const s = c.local('i32');
    const pc = c.local('i32');
    const first = c.local('i32');
    const cPtr = c.local('i32');
    const aBase = c.local('i32');
    const bBase = c.local('i32');
    const entry = c.local('i32');
    const packedA = c.local('i32');
    const packedB = c.local('i32');
    const tile = c.local('i32');
    const kcConst = c.local('i32');
    const bPtr = c.local('i32');
    const bStride = c.local('i32');
    c.set(kcConst, c.i32c(KC));

    scratchOf(c, tid, packedA);
    c.set(packedB, c.i32.add(c.get(packedA), c.i32c(4 * MC * KC)));
    c.set(tile, c.i32.add(c.get(packedB), c.i32c(4 * KC * NC)));

    // chunk -> (group, row block, column block)
    c.set(left, c.i32.mul(c.get(q.chunksM), c.get(q.chunksN)));
    c.set(g, c.i32.div_u(c.get(chunk), c.get(left)));
    c.set(rem, c.i32.rem_u(c.get(chunk), c.get(left)));
    c.set(i0, c.i32.mul(c.i32.div_u(c.get(rem), c.get(q.chunksN)), c.get(q.mc)));
    c.set(j0, c.i32.mul(c.i32.rem_u(c.get(rem), c.get(q.chunksN)), c.get(q.nc)));
    c.set(left, c.i32.sub(c.get(q.M), c.get(i0)));
    c.set(mc, minI32(c, left, q.mc));
    c.set(left, c.i32.sub(c.get(q.N), c.get(j0)));
    c.set(nc, minI32(c, left, q.nc));

    c.set(
      cPtr,
      c.i32.add(
        c.i32.load(c.i32.add(c.get(q.cTable), c.i32.shl(c.get(g), c.i32c(2)))),
        c.i32.shl(c.i32.add(c.i32.mul(c.get(i0), c.get(q.ldc)), c.get(j0)), c.i32c(2)),
      ),
    );
    c.set(first, c.i32c(1));
    c.for(s, 0, q.segments, 1, () => {
      c.set(
        entry,
        c.i32.add(
          c.get(q.segTable),
          c.i32.shl(c.i32.add(c.i32.mul(c.get(g), c.get(q.segments)), c.get(s)), c.i32c(3)),
        ),
      );
      c.set(aBase, c.i32.load(c.get(entry)));
      c.set(bBase, c.i32.load(c.get(entry), 4));
      c.for(pc, 0, q.K, KC, () => {
        c.set(left, c.i32.sub(c.get(q.K), c.get(pc)));
        c.set(kc, minI32(c, left, kcConst));
        c.call(
          p.packA,
          c.get(packedA),
          c.i32.add(
            c.get(aBase),
            c.i32.shl(
              c.i32.add(c.i32.mul(c.get(i0), c.get(q.aRs)), c.i32.mul(c.get(pc), c.get(q.aCs))),
              c.i32c(2),
            ),
          ),
          c.get(q.aRs),
          c.get(q.aCs),
          c.get(mc),
          c.get(kc),
        );
        c.set(bPtr, c.get(packedB));
        c.set(bStride, c.i32.mul(c.get(kc), c.i32c(4 * NR)));
        c.if(
          c.i32.eq(c.get(q.bSource), c.i32c(B_SOURCE.prepacked)),
          () => {
            // strips of NR columns over all of K: this block starts at strip j0 / NR, row pc
            c.set(bStride, c.i32.mul(c.get(q.K), c.i32c(4 * NR)));
            c.set(
              bPtr,
              c.i32.add(
                c.i32.add(c.get(bBase), c.i32.mul(c.i32.div_u(c.get(j0), c.i32c(NR)), c.get(bStride))),
                c.i32.mul(c.get(pc), c.i32c(4 * NR)),
              ),
            );
          },
          () =>
            c.if(
              c.i32.eq(c.get(q.bSource), c.i32c(B_SOURCE.strided)),
              () => {
                c.call(
                  p.packB,
                  c.get(packedB),
                  c.i32.add(
                    c.get(bBase),
                    c.i32.shl(
                      c.i32.add(c.i32.mul(c.get(pc), c.get(q.bRs)), c.i32.mul(c.get(j0), c.get(q.bCs))),
                      c.i32c(2),
                    ),
                  ),
                  c.get(q.bRs),
                  c.get(q.bCs),
                  c.get(kc),
                  c.get(nc),
                );
              },
              () =>
                c.if(
                  c.i32.eq(c.get(q.bSource), c.i32c(B_SOURCE.im2col)),
                  () => {
                    c.call(
                      p.packIm2col,
                      c.get(packedB),
                      c.get(bBase),
                      c.get(pc),
                      c.get(kc),
                      c.get(j0),
                      c.get(nc),
                    );
                  },
                  () => {
                    c.call(
                      p.packIm2colTransposed,
                      c.get(packedB),
                      c.get(bBase),
                      c.get(pc),
                      c.get(kc),
                      c.get(j0),
                      c.get(nc),
                    );
                  },
                ),
            ),
        );
        c.call(
          p.macro,
          c.get(packedA),
          c.get(bPtr),
          c.get(mc),
          c.get(nc),
          c.get(kc),
          c.get(cPtr),
          c.i32.shl(c.get(q.ldc), c.i32c(2)),
          c.i32.eqz(c.get(first)),
          c.get(tile),
          c.get(bStride),
        );
        c.set(first, c.i32c(0));
      });
    });
  });
}
