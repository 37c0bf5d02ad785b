import type { FuncRef } from '../wasm/code-builder.js';
import type { ModuleBuilder } from '../wasm/module-builder.js';
import { NR } from './gemm-config.js';
import { PACK_B_PARAM, readParams } from './params.js';

/**
 * The PACK_B job: packs whole B matrices into strips of NR columns over all of K
 * (zero-padded), so that a GEMM whose chunks split M reads B packed once instead
 * of once per row block. A chunk is a run of strips of one matrix.
 *
 * Signature: (chunk, tid).
 */
export function emitPackBChunk(mod: ModuleBuilder, packB: FuncRef<undefined>): FuncRef<undefined> {
  return mod.func('pack_b_chunk', ['i32', 'i32'], undefined, (c) => {
    const chunk = c.param(0, 'i32');
    const q = readParams(c, PACK_B_PARAM);
    const strips = c.local('i32');
    const perMatrix = c.local('i32');
    const entry = c.local('i32');
    const s = c.local('i32');
    const end = c.local('i32');
    const cols = c.local('i32');
    const stripBytes = c.local('i32');
    c.set(strips, c.i32.div_u(c.i32.add(c.get(q.N), c.i32c(NR - 1)), c.i32c(NR)));
    c.set(
      perMatrix,
      c.i32.div_u(
        c.i32.add(c.get(strips), c.i32.sub(c.get(q.stripsPerChunk), c.i32c(1))),
        c.get(q.stripsPerChunk),
      ),
    );
    c.set(
      entry,
      c.i32.add(c.get(q.table), c.i32.shl(c.i32.div_u(c.get(chunk), c.get(perMatrix)), c.i32c(3))),
    );
    c.set(s, c.i32.mul(c.i32.rem_u(c.get(chunk), c.get(perMatrix)), c.get(q.stripsPerChunk)));
    c.set(end, c.i32.add(c.get(s), c.get(q.stripsPerChunk)));
    c.set(end, c.select(c.get(end), c.get(strips), c.i32.lt_s(c.get(end), c.get(strips))));
    c.set(stripBytes, c.i32.mul(c.get(q.K), c.i32c(4 * NR)));
    c.for(s, c.get(s), end, 1, () => {
      c.set(cols, c.i32.sub(c.get(q.N), c.i32.mul(c.get(s), c.i32c(NR))));
      c.set(cols, c.select(c.get(cols), c.i32c(NR), c.i32.lt_s(c.get(cols), c.i32c(NR))));
      c.call(
        packB,
        c.i32.add(c.i32.load(c.get(entry), 4), c.i32.mul(c.get(s), c.get(stripBytes))),
        c.i32.add(
          c.i32.load(c.get(entry)),
          c.i32.shl(c.i32.mul(c.i32.mul(c.get(s), c.i32c(NR)), c.get(q.bCs)), c.i32c(2)),
        ),
        c.get(q.bRs),
        c.get(q.bCs),
        c.get(q.K),
        c.get(cols),
      );
    });
  });
}
