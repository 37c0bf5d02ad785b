import type { Code, FuncRef, Local, Val } from '../wasm/code-builder.js';
import type { ModuleBuilder } from '../wasm/module-builder.js';
import { GEMM_PARAM, readParams } from './params.js';

/**
 * Implicit GEMM for convolutions: instead of materialising im2col, these packers
 * gather the packed B block straight from the image (NCHW, one image and group),
 * with zeros for taps that fall into the padding. Row k of im2col is the tap
 * (c, kh, kw) = k split over (C, KH, KW); column p is the output pixel (oh, ow).
 *
 * packIm2col(dst, x, k0, kc, p0, nc): B[k][p] = im2col[k][p] (forward, dW's B^T).
 * packIm2colTransposed(dst, x, p0, kc, j0, nc): B[p][k] = im2col[k][p] (weight gradient).
 */

const GEOMETRY = {
  H: GEMM_PARAM.H,
  W: GEMM_PARAM.W,
  KH: GEMM_PARAM.KH,
  KW: GEMM_PARAM.KW,
  OW: GEMM_PARAM.OW,
  sh: GEMM_PARAM.sh,
  sw: GEMM_PARAM.sw,
  ph: GEMM_PARAM.ph,
  pw: GEMM_PARAM.pw,
  dh: GEMM_PARAM.dh,
  dw: GEMM_PARAM.dw,
} as const;

/** Far outside any image: a column past the block's edge always reads zero. */
const OUTSIDE = -(1 << 29);

type Geometry = Record<keyof typeof GEOMETRY, Local<'i32'>>;

/**
 * x[ih, iw] of the channel at `plane`, or 0 when (ih, iw) is outside the image.
 * The load address is clamped to `plane` when outside, so it never traps.
 */
function tap(
  c: Code,
  g: Geometry,
  plane: Local<'i32'>,
  ih: Local<'i32'>,
  iw: Local<'i32'>,
  ok: Local<'i32'>,
) {
  c.set(ok, c.i32.and(c.i32.lt_u(c.get(ih), c.get(g.H)), c.i32.lt_u(c.get(iw), c.get(g.W))));
  const addr = () =>
    c.i32.add(c.get(plane), c.i32.shl(c.i32.add(c.i32.mul(c.get(ih), c.get(g.W)), c.get(iw)), c.i32c(2)));
  return c.select(c.f32.load(c.select(addr(), c.get(plane), c.get(ok))), c.f32c(0), c.get(ok));
}

/** (kh, kw) to the next tap, row-major; past the last, back to (0, 0) and `nextChannel`. */
function nextTapOf(c: Code, g: Geometry, kh: Local<'i32'>, kw: Local<'i32'>, nextChannel: () => void): void {
  c.set(kw, c.i32.add(c.get(kw), c.i32c(1)));
  c.if(c.i32.eq(c.get(kw), c.get(g.KW)), () => {
    c.set(kw, c.i32c(0));
    c.set(kh, c.i32.add(c.get(kh), c.i32c(1)));
    c.if(c.i32.eq(c.get(kh), c.get(g.KH)), () => {
      c.set(kh, c.i32c(0));
      nextChannel();
    });
  });
}

/** (oh, ow) to the next output pixel, row-major. */
function nextPixel(c: Code, g: Geometry, oh: Local<'i32'>, ow: Local<'i32'>): void {
  c.set(ow, c.i32.add(c.get(ow), c.i32c(1)));
  c.if(c.i32.eq(c.get(ow), c.get(g.OW)), () => {
    c.set(ow, c.i32c(0));
    c.set(oh, c.i32.add(c.get(oh), c.i32c(1)));
  });
}

/** Splits an index over (rows, cols) into its row and column, once per strip. */
function divmod(c: Code, index: Val<'i32'>, cols: Local<'i32'>, row: Local<'i32'>, col: Local<'i32'>) {
  c.set(col, index);
  c.set(row, c.i32.div_u(c.get(col), c.get(cols)));
  c.set(col, c.i32.rem_u(c.get(col), c.get(cols)));
}

export function emitPackIm2col(mod: ModuleBuilder, nr: number): FuncRef<undefined> {
  return mod.func('pack_im2col', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], undefined, (c) => {
    const dst = c.param(0, 'i32');
    const x = c.param(1, 'i32');
    const k0 = c.param(2, 'i32');
    const kc = c.param(3, 'i32');
    const p0 = c.param(4, 'i32');
    const nc = c.param(5, 'i32');
    const g = readParams(c, GEOMETRY);
    const ihBase = Array.from({ length: nr }, () => c.local('i32'));
    const iwBase = Array.from({ length: nr }, () => c.local('i32'));
    // the fast path's byte offset of each strip pixel's window origin (ihBase's locals, reused)
    const pixelOffset = ihBase;
    const t = c.local('i32');
    const k = c.local('i32');
    const oh = c.local('i32');
    const ow = c.local('i32');
    const ch = c.local('i32');
    const kh = c.local('i32');
    const kw = c.local('i32');
    const khw = c.local('i32');
    const r = c.local('i32');
    const plane = c.local('i32');
    const dih = c.local('i32');
    const diw = c.local('i32');
    const ih = c.local('i32');
    const iw = c.local('i32');
    const ok = c.local('i32');
    const run = c.local('i32');
    const planeBytes = c.local('i32');
    const unpadded = c.local('i32');
    c.set(khw, c.i32.mul(c.get(g.KH), c.get(g.KW)));
    c.set(planeBytes, c.i32.shl(c.i32.mul(c.get(g.H), c.get(g.W)), c.i32c(2)));
    c.set(unpadded, c.i32.eqz(c.i32.or(c.get(g.ph), c.get(g.pw))));

    c.for(t, 0, nc, nr, () => {
      c.if(
        c.i32.and(c.get(unpadded), c.i32.le_s(c.i32.add(c.get(t), c.i32c(nr)), c.get(nc))),
        fastStrip,
        slowStrip,
      );
    });
    function fastStrip(): void {
      // no padding and a full strip: every tap is inside the image, so each element is
      // one load at (tap offset) + (pixel offset), both computed once
      divmod(c, c.i32.add(c.get(p0), c.get(t)), g.OW, oh, ow);
      for (let j = 0; j < nr; j++) {
        c.set(
          pixelOffset[j]!,
          c.i32.shl(
            c.i32.add(
              c.i32.mul(c.i32.mul(c.get(oh), c.get(g.sh)), c.get(g.W)),
              c.i32.mul(c.get(ow), c.get(g.sw)),
            ),
            c.i32c(2),
          ),
        );
        nextPixel(c, g, oh, ow);
      }
      // the strip's pixels are consecutive input pixels (one output row, unit stride)
      c.set(
        run,
        c.i32.eq(c.i32.sub(c.get(pixelOffset[nr - 1]!), c.get(pixelOffset[0]!)), c.i32c(4 * (nr - 1))),
      );
      firstTap();
      c.for(k, 0, kc, 1, () => {
        c.set(
          ok,
          c.i32.add(
            c.get(plane),
            c.i32.shl(
              c.i32.add(
                c.i32.mul(c.i32.mul(c.get(kh), c.get(g.dh)), c.get(g.W)),
                c.i32.mul(c.get(kw), c.get(g.dw)),
              ),
              c.i32c(2),
            ),
          ),
        );
        c.if(
          c.get(run),
          () => {
            c.set(ok, c.i32.add(c.get(ok), c.get(pixelOffset[0]!)));
            for (let v = 0; v < nr / 4; v++) c.v128.store(c.get(dst), c.v128.load(c.get(ok), 16 * v), 16 * v);
          },
          () => {
            for (let j = 0; j < nr; j++) {
              c.f32.store(c.get(dst), c.f32.load(c.i32.add(c.get(ok), c.get(pixelOffset[j]!))), 4 * j);
            }
          },
        );
        nextTap();
      });
    }
    /** (channel plane, kh, kw) of the block's first tap k0; later taps step from it (nextTap). */
    function firstTap(): void {
      divmod(c, c.get(k0), khw, ch, r);
      c.set(kh, c.i32.div_u(c.get(r), c.get(g.KW)));
      c.set(kw, c.i32.rem_u(c.get(r), c.get(g.KW)));
      c.set(plane, c.i32.add(c.get(x), c.i32.mul(c.get(ch), c.get(planeBytes))));
    }
    function nextTap(): void {
      c.set(dst, c.i32.add(c.get(dst), c.i32c(4 * nr)));
      nextTapOf(c, g, kh, kw, () => c.set(plane, c.i32.add(c.get(plane), c.get(planeBytes))));
    }
    function slowStrip(): void {
      // window origins of the strip's nr output pixels (OUTSIDE past the block's edge)
      divmod(c, c.i32.add(c.get(p0), c.get(t)), g.OW, oh, ow);
      for (let j = 0; j < nr; j++) {
        const inside = () => c.i32.lt_s(c.i32.add(c.get(t), c.i32c(j)), c.get(nc));
        c.set(
          ihBase[j]!,
          c.select(c.i32.sub(c.i32.mul(c.get(oh), c.get(g.sh)), c.get(g.ph)), c.i32c(OUTSIDE), inside()),
        );
        c.set(iwBase[j]!, c.i32.sub(c.i32.mul(c.get(ow), c.get(g.sw)), c.get(g.pw)));
        nextPixel(c, g, oh, ow);
      }
      firstTap();
      // a full strip of one output row with unit stride reads nr consecutive input pixels
      c.set(
        run,
        c.i32.and(
          c.i32.eq(c.get(g.sw), c.i32c(1)),
          c.i32.and(
            c.i32.le_s(c.i32.add(c.get(t), c.i32c(nr)), c.get(nc)),
            c.i32.eq(c.get(ihBase[0]!), c.get(ihBase[nr - 1]!)),
          ),
        ),
      );
      c.for(k, 0, kc, 1, () => {
        c.set(dih, c.i32.mul(c.get(kh), c.get(g.dh)));
        c.set(diw, c.i32.mul(c.get(kw), c.get(g.dw)));
        const scalarTaps = () => {
          for (let j = 0; j < nr; j++) {
            c.set(ih, c.i32.add(c.get(ihBase[j]!), c.get(dih)));
            c.set(iw, c.i32.add(c.get(iwBase[j]!), c.get(diw)));
            c.f32.store(c.get(dst), tap(c, g, plane, ih, iw, ok), 4 * j);
          }
        };
        c.set(ih, c.i32.add(c.get(ihBase[0]!), c.get(dih)));
        c.set(iw, c.i32.add(c.get(iwBase[0]!), c.get(diw)));
        c.if(
          c.i32.and(c.get(run), c.i32.lt_u(c.get(ih), c.get(g.H))),
          () =>
            c.if(
              c.i32.and(
                c.i32.ge_s(c.get(iw), c.i32c(0)),
                c.i32.le_s(c.i32.add(c.get(iw), c.i32c(nr)), c.get(g.W)),
              ),
              () => {
                c.set(
                  ok,
                  c.i32.add(
                    c.get(plane),
                    c.i32.shl(c.i32.add(c.i32.mul(c.get(ih), c.get(g.W)), c.get(iw)), c.i32c(2)),
                  ),
                );
                for (let v = 0; v < nr / 4; v++)
                  c.v128.store(c.get(dst), c.v128.load(c.get(ok), 16 * v), 16 * v);
              },
              scalarTaps,
            ),
          () =>
            c.if(
              c.get(run),
              // the whole row is in the padding
              () => {
                for (let v = 0; v < nr / 4; v++) c.v128.store(c.get(dst), c.f32x4c(0), 16 * v);
              },
              scalarTaps,
            ),
        );
        nextTap();
      });
    }
  });
}

export function emitPackIm2colTransposed(mod: ModuleBuilder, nr: number): FuncRef<undefined> {
  return mod.func('pack_im2col_t', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], undefined, (c) => {
    const dst = c.param(0, 'i32');
    const x = c.param(1, 'i32');
    const p0 = c.param(2, 'i32');
    const kc = c.param(3, 'i32');
    const j0 = c.param(4, 'i32');
    const nc = c.param(5, 'i32');
    const g = readParams(c, GEOMETRY);
    // per strip column j: the tap's plane offset and its (kh*dh, kw*dw) displacement
    const plane = Array.from({ length: nr }, () => c.local('i32'));
    const dih = Array.from({ length: nr }, () => c.local('i32'));
    const diw = Array.from({ length: nr }, () => c.local('i32'));
    const t = c.local('i32');
    const k = c.local('i32');
    const ch = c.local('i32');
    const kh = c.local('i32');
    const kw = c.local('i32');
    const r = c.local('i32');
    const khw = c.local('i32');
    const oh = c.local('i32');
    const ow = c.local('i32');
    const ihb = c.local('i32');
    const iwb = c.local('i32');
    const ih = c.local('i32');
    const iw = c.local('i32');
    const ok = c.local('i32');
    const planeBytes = c.local('i32');
    c.set(khw, c.i32.mul(c.get(g.KH), c.get(g.KW)));
    c.set(planeBytes, c.i32.shl(c.i32.mul(c.get(g.H), c.get(g.W)), c.i32c(2)));

    c.for(t, 0, nc, nr, () => {
      divmod(c, c.i32.add(c.get(j0), c.get(t)), khw, ch, r);
      c.set(kh, c.i32.div_u(c.get(r), c.get(g.KW)));
      c.set(kw, c.i32.rem_u(c.get(r), c.get(g.KW)));
      for (let j = 0; j < nr; j++) {
        const inside = () => c.i32.lt_s(c.i32.add(c.get(t), c.i32c(j)), c.get(nc));
        c.set(plane[j]!, c.i32.add(c.get(x), c.i32.mul(c.get(ch), c.get(planeBytes))));
        c.set(dih[j]!, c.select(c.i32.mul(c.get(kh), c.get(g.dh)), c.i32c(OUTSIDE), inside()));
        c.set(diw[j]!, c.i32.mul(c.get(kw), c.get(g.dw)));
        nextTapOf(c, g, kh, kw, () => c.set(ch, c.i32.add(c.get(ch), c.i32c(1))));
      }
      divmod(c, c.get(p0), g.OW, oh, ow);
      c.for(k, 0, kc, 1, () => {
        c.set(ihb, c.i32.sub(c.i32.mul(c.get(oh), c.get(g.sh)), c.get(g.ph)));
        c.set(iwb, c.i32.sub(c.i32.mul(c.get(ow), c.get(g.sw)), c.get(g.pw)));
        for (let j = 0; j < nr; j++) {
          c.set(ih, c.i32.add(c.get(ihb), c.get(dih[j]!)));
          c.set(iw, c.i32.add(c.get(iwb), c.get(diw[j]!)));
          c.f32.store(c.get(dst), tap(c, g, plane[j]!, ih, iw, ok), 4 * j);
        }
        c.set(dst, c.i32.add(c.get(dst), c.i32c(4 * nr)));
        nextPixel(c, g, oh, ow);
      });
    });
  });
}
