import type { FuncRef } from '../wasm/code-builder.js';
import type { ModuleBuilder } from '../wasm/module-builder.js';
import { COL2IM_PARAM, readParams } from './params.js';

/**
 * The adjoint of im2col for a batch of images: dx[n, c] = sum over taps (kh, kw)
 * of the rows of image n's cols [C*KH*KW, OH*OW] scattered back to input pixels.
 * A chunk is one (image, channel), so no two threads ever add into the same
 * pixel; taps are added in (kh, kw, oh, ow) order. Unit-stride rows add four
 * pixels at a time.
 *
 * Small planes are grouped: a chunk is `planesPerChunk` consecutive planes, so
 * that claiming a chunk is not most of its cost (a 7 x 7 plane is a few hundred adds).
 *
 * Signature: (chunk, tid).
 */
export function emitCol2imChunk(mod: ModuleBuilder): FuncRef<undefined> {
  const plane = emitCol2imPlane(mod);
  return mod.func('col2im_chunk', ['i32', 'i32'], undefined, (c) => {
    const chunk = c.param(0, 'i32');
    const q = readParams(c, COL2IM_PARAM);
    const p = c.local('i32');
    const end = c.local('i32');
    c.set(p, c.i32.mul(c.get(chunk), c.get(q.planesPerChunk)));
    c.set(end, c.i32.add(c.get(p), c.get(q.planesPerChunk)));
    c.set(end, c.select(c.get(end), c.get(q.planes), c.i32.lt_s(c.get(end), c.get(q.planes))));
    c.for(p, c.get(p), end, 1, () => c.call(plane, c.get(p)));
  });
}

/** One (image, channel) plane of dx. Signature: (plane = image * C + channel). */
function emitCol2imPlane(mod: ModuleBuilder): FuncRef<undefined> {
  return mod.func('col2im_plane', ['i32'], undefined, (c) => {
    const chunk = c.param(0, 'i32');
    const q = readParams(c, COL2IM_PARAM);
    const ch = c.local('i32');
    const image = c.local('i32');
    const cols = c.local('i32');
    const plane = c.local('i32');
    const row = c.local('i32');
    const kh = c.local('i32');
    const kw = c.local('i32');
    const oh = c.local('i32');
    const ow = c.local('i32');
    const ih = c.local('i32');
    const iw = c.local('i32');
    const lo = c.local('i32');
    const hi = c.local('i32');
    const shift = c.local('i32');
    const dst = c.local('i32');
    const src = c.local('i32');
    const vecEnd = c.local('i32');
    const taps = c.local('i32');

    c.set(image, c.i32.div_u(c.get(chunk), c.get(q.C)));
    c.set(ch, c.i32.rem_u(c.get(chunk), c.get(q.C)));
    c.set(cols, c.i32.add(c.get(q.cols), c.i32.shl(c.i32.mul(c.get(image), c.get(q.colsImage)), c.i32c(2))));
    c.set(
      plane,
      c.i32.add(
        c.i32.add(c.get(q.dx), c.i32.shl(c.i32.mul(c.get(image), c.get(q.dxImage)), c.i32c(2))),
        c.i32.shl(c.i32.mul(c.get(ch), c.i32.mul(c.get(q.H), c.get(q.W))), c.i32c(2)),
      ),
    );
    c.memory.fill(c.get(plane), c.i32c(0), c.i32.shl(c.i32.mul(c.get(q.H), c.get(q.W)), c.i32c(2)));
    c.set(taps, c.i32.mul(c.get(ch), c.i32.mul(c.get(q.KH), c.get(q.KW))));
    c.for(kh, 0, q.KH, 1, () => {
      c.for(kw, 0, q.KW, 1, () => {
        c.set(
          row,
          c.i32.add(
            c.get(cols),
            c.i32.shl(
              c.i32.mul(
                c.i32.add(c.get(taps), c.i32.add(c.i32.mul(c.get(kh), c.get(q.KW)), c.get(kw))),
                c.get(q.P),
              ),
              c.i32c(2),
            ),
          ),
        );
        // iw = ow*sw + shift; with unit stride the valid ow form one range [lo, hi)
        c.set(shift, c.i32.sub(c.i32.mul(c.get(kw), c.get(q.dw)), c.get(q.pw)));
        c.for(oh, 0, q.OH, 1, () => {
          c.set(
            ih,
            c.i32.add(
              c.i32.sub(c.i32.mul(c.get(oh), c.get(q.sh)), c.get(q.ph)),
              c.i32.mul(c.get(kh), c.get(q.dh)),
            ),
          );
          c.if(c.i32.lt_u(c.get(ih), c.get(q.H)), () => {
            c.set(src, c.i32.add(c.get(row), c.i32.shl(c.i32.mul(c.get(oh), c.get(q.OW)), c.i32c(2))));
            c.set(dst, c.i32.add(c.get(plane), c.i32.shl(c.i32.mul(c.get(ih), c.get(q.W)), c.i32c(2))));
            c.if(
              c.i32.eq(c.get(q.sw), c.i32c(1)),
              () => {
                c.set(
                  lo,
                  c.select(
                    c.i32c(0),
                    c.i32.sub(c.i32c(0), c.get(shift)),
                    c.i32.ge_s(c.get(shift), c.i32c(0)),
                  ),
                );
                c.set(hi, c.i32.sub(c.get(q.W), c.get(shift)));
                c.set(hi, c.select(c.get(hi), c.get(q.OW), c.i32.lt_s(c.get(hi), c.get(q.OW))));
                c.set(vecEnd, c.i32.sub(c.get(hi), c.i32c(3)));
                c.set(ow, c.get(lo));
                c.block((exit) => {
                  c.loop((top) => {
                    c.brIf(exit, c.i32.ge_s(c.get(ow), c.get(vecEnd)));
                    c.set(
                      iw,
                      c.i32.add(c.get(dst), c.i32.shl(c.i32.add(c.get(ow), c.get(shift)), c.i32c(2))),
                    );
                    c.v128.store(
                      c.get(iw),
                      c.f32x4.add(
                        c.v128.load(c.get(iw)),
                        c.v128.load(c.i32.add(c.get(src), c.i32.shl(c.get(ow), c.i32c(2)))),
                      ),
                    );
                    c.set(ow, c.i32.add(c.get(ow), c.i32c(4)));
                    c.br(top);
                  });
                });
                c.for(ow, c.get(ow), hi, 1, () => {
                  c.set(iw, c.i32.add(c.get(dst), c.i32.shl(c.i32.add(c.get(ow), c.get(shift)), c.i32c(2))));
                  c.f32.store(
                    c.get(iw),
                    c.f32.add(
                      c.f32.load(c.get(iw)),
                      c.f32.load(c.i32.add(c.get(src), c.i32.shl(c.get(ow), c.i32c(2)))),
                    ),
                  );
                });
              },
              () => {
                c.for(ow, 0, q.OW, 1, () => {
                  c.set(iw, c.i32.add(c.i32.mul(c.get(ow), c.get(q.sw)), c.get(shift)));
                  c.if(c.i32.lt_u(c.get(iw), c.get(q.W)), () => {
                    c.set(iw, c.i32.add(c.get(dst), c.i32.shl(c.get(iw), c.i32c(2))));
                    c.f32.store(
                      c.get(iw),
                      c.f32.add(
                        c.f32.load(c.get(iw)),
                        c.f32.load(c.i32.add(c.get(src), c.i32.shl(c.get(ow), c.i32c(2)))),
                      ),
                    );
                  });
                });
              },
            );
          });
        });
      });
    });
  });
}
