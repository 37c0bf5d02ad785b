import type { FuncRef, Local } from '../wasm/code-builder.js';
import type { ModuleBuilder } from '../wasm/module-builder.js';
import { minI32 } from './simd-helpers.js';

/**
 * The macro-kernel: C[mc x nc] (+)= packedA[mc x kc] * packedB[kc x nc], tile by
 * tile (BLIS loop order: B strips outside so a KC x NR strip stays in L1 while A
 * strips stream from L2). Edge tiles go through a small scratch tile with the
 * same arithmetic, so results do not depend on where the edges fall. A right
 * edge of a few columns runs the narrowest micro-kernel that covers them
 * (`narrow[i]` computes 4 (i + 1) columns): convolutions over small images
 * have one such edge per image (49 pixels are three strips of 16 and one of 1),
 * where a full-width kernel spent nearly a quarter of the work on columns that do
 * not exist.
 *
 * Signature: (a, b, mc, nc, kc, c, ldcBytes, accumulate, tile, bStripBytes), the last
 * being the distance between B strips: kc * nr * 4 for a block packed by its chunk,
 * K * nr * 4 for a B packed once for the whole job.
 */
export function emitMacroKernel(
  mod: ModuleBuilder,
  name: string,
  micro: FuncRef<undefined>,
  narrow: readonly FuncRef<undefined>[],
  mr: number,
  nr: number,
): FuncRef<undefined> {
  return mod.func(
    name,
    ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    undefined,
    (c) => {
      const a = c.param(0, 'i32');
      const b = c.param(1, 'i32');
      const mc = c.param(2, 'i32');
      const nc = c.param(3, 'i32');
      const kc = c.param(4, 'i32');
      const cPtr = c.param(5, 'i32');
      const ldc = c.param(6, 'i32');
      const accumulate = c.param(7, 'i32');
      const tile = c.param(8, 'i32');
      const bStride = c.param(9, 'i32');
      const jr = c.local('i32');
      const ir = c.local('i32');
      const rows = c.local('i32');
      const cols = c.local('i32');
      const left = c.local('i32');
      const bStrip = c.local('i32');
      const aStrip = c.local('i32');
      const cTile = c.local('i32');
      const r = c.local('i32');
      const j = c.local('i32');
      const src = c.local('i32');
      const mrConst = c.local('i32');
      const nrConst = c.local('i32');
      const tileAddr = (row: Local<'i32'>, col: Local<'i32'>) =>
        c.i32.add(
          c.get(tile),
          c.i32.shl(c.i32.add(c.i32.mul(c.get(row), c.i32c(nr)), c.get(col)), c.i32c(2)),
        );
      c.set(mrConst, c.i32c(mr));
      c.set(nrConst, c.i32c(nr));

      c.for(jr, 0, nc, nr, () => {
        c.set(left, c.i32.sub(c.get(nc), c.get(jr)));
        c.set(cols, minI32(c, left, nrConst));
        c.set(bStrip, c.i32.add(c.get(b), c.i32.mul(c.i32.div_u(c.get(jr), c.i32c(nr)), c.get(bStride))));
        c.for(ir, 0, mc, mr, () => {
          c.set(left, c.i32.sub(c.get(mc), c.get(ir)));
          c.set(rows, minI32(c, left, mrConst));
          c.set(aStrip, c.i32.add(c.get(a), c.i32.shl(c.i32.mul(c.get(ir), c.get(kc)), c.i32c(2))));
          c.set(
            cTile,
            c.i32.add(
              c.get(cPtr),
              c.i32.add(c.i32.mul(c.get(ir), c.get(ldc)), c.i32.shl(c.get(jr), c.i32c(2))),
            ),
          );
          c.if(
            c.i32.and(c.i32.eq(c.get(rows), c.i32c(mr)), c.i32.eq(c.get(cols), c.i32c(nr))),
            () => {
              c.call(
                micro,
                c.get(aStrip),
                c.get(bStrip),
                c.get(kc),
                c.get(cTile),
                c.get(ldc),
                c.get(accumulate),
              );
            },
            () => {
              // ragged tile: stage C in the scratch tile (only if accumulating), run, copy back
              c.if(c.get(accumulate), () => {
                c.for(r, 0, rows, 1, () => {
                  c.set(src, c.i32.add(c.get(cTile), c.i32.mul(c.get(r), c.get(ldc))));
                  c.for(j, 0, cols, 1, () => {
                    c.f32.store(
                      tileAddr(r, j),
                      c.f32.load(c.i32.add(c.get(src), c.i32.shl(c.get(j), c.i32c(2)))),
                    );
                  });
                });
              });
              const run = (kernel: FuncRef<undefined>) =>
                c.call(
                  kernel,
                  c.get(aStrip),
                  c.get(bStrip),
                  c.get(kc),
                  c.get(tile),
                  c.i32c(4 * nr),
                  c.get(accumulate),
                );
              // the narrowest kernel covering `cols`: narrow[i] for cols <= 4 (i + 1)
              const choose = (i: number) => {
                if (i === narrow.length) {
                  run(micro);
                  return;
                }
                c.if(
                  c.i32.le_s(c.get(cols), c.i32c(4 * (i + 1))),
                  () => run(narrow[i]!),
                  () => choose(i + 1),
                );
              };
              choose(0);
              c.for(r, 0, rows, 1, () => {
                c.set(src, c.i32.add(c.get(cTile), c.i32.mul(c.get(r), c.get(ldc))));
                c.for(j, 0, cols, 1, () => {
                  c.f32.store(
                    c.i32.add(c.get(src), c.i32.shl(c.get(j), c.i32c(2))),
                    c.f32.load(tileAddr(r, j)),
                  );
                });
              });
            },
          );
        });
      });
    },
  );
}
