import type { Code, FuncRef, Local } from '../wasm/code-builder.js';
import type { ModuleBuilder } from '../wasm/module-builder.js';
import { f32Lanes, minI32, transpose4x4 } from './simd-helpers.js';

/**
 * Packing copies a block of a strided matrix into the panel order the micro-kernel
 * streams: for A, strips of `mr` rows stored k-major (mr floats per k); for B,
 * strips of `nr` columns stored k-major (nr floats per k). Ragged strips are padded
 * with zeros, so the micro-kernel never sees an edge. Strides are in elements and
 * may be anything, so transposed and broadcast views need no copy beforehand;
 * the common layouts (unit stride along k or along the strip) take SIMD paths.
 */

const I32 = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'] as const;

/** packA(dst, src, rs, cs, mc, kc): src points at A[i0, k0]. */
export function emitPackA(mod: ModuleBuilder, name: string, mr: number): FuncRef<undefined> {
  return mod.func(name, I32, undefined, (c) => {
    const dst = c.param(0, 'i32');
    const src = c.param(1, 'i32');
    const rs = c.param(2, 'i32');
    const cs = c.param(3, 'i32');
    const mc = c.param(4, 'i32');
    const kc = c.param(5, 'i32');
    const s = c.local('i32');
    const k = c.local('i32');
    const rows = c.local('i32');
    const left = c.local('i32');
    const kOff = c.local('i32');
    const rowPtr = Array.from({ length: mr }, () => c.local('i32'));
    const rsBytes = c.local('i32');
    const csBytes = c.local('i32');
    const mrConst = c.local('i32');
    c.set(rsBytes, c.i32.shl(c.get(rs), c.i32c(2)));
    c.set(csBytes, c.i32.shl(c.get(cs), c.i32c(2)));
    c.set(mrConst, c.i32c(mr));

    c.for(s, 0, mc, mr, () => {
      c.set(left, c.i32.sub(c.get(mc), c.get(s)));
      c.set(rows, minI32(c, left, mrConst));
      // row r of the strip starts at src + (s + r) * rs; missing rows re-read row s and are zeroed
      for (let r = 0; r < mr; r++) {
        const row = () =>
          c.select(c.i32.add(c.get(s), c.i32c(r)), c.get(s), c.i32.lt_s(c.i32c(r), c.get(rows)));
        c.set(rowPtr[r]!, c.i32.add(c.get(src), c.i32.mul(c.get(rsBytes), row())));
      }
      const generic = () => {
        c.set(kOff, c.i32c(0));
        c.for(k, 0, kc, 1, () => {
          for (let r = 0; r < mr; r++) {
            c.f32.store(
              c.get(dst),
              c.select(
                c.f32.load(c.i32.add(c.get(rowPtr[r]!), c.get(kOff))),
                c.f32c(0),
                c.i32.lt_s(c.i32c(r), c.get(rows)),
              ),
              4 * r,
            );
          }
          c.set(dst, c.i32.add(c.get(dst), c.i32c(4 * mr)));
          c.set(kOff, c.i32.add(c.get(kOff), c.get(csBytes)));
        });
      };
      if (mr !== 2) {
        generic();
        return;
      }
      const full = () => c.i32.eq(c.get(rows), c.i32c(2));
      c.if(
        c.i32.and(c.i32.eq(c.get(cs), c.i32c(1)), full()),
        () => interleaveTwoRows(c, rowPtr[0]!, rowPtr[1]!, dst, k, kc, kOff),
        () =>
          c.if(
            c.i32.and(c.i32.eq(c.get(rs), c.i32c(1)), full()),
            () => {
              // the two rows are adjacent in memory: one 8-byte copy per k
              c.set(kOff, c.get(rowPtr[0]!));
              c.for(k, 0, kc, 1, () => {
                c.i64.store(c.get(dst), c.i64.load(c.get(kOff)));
                c.set(dst, c.i32.add(c.get(dst), c.i32c(8)));
                c.set(kOff, c.i32.add(c.get(kOff), c.get(csBytes)));
              });
            },
            generic,
          ),
      );
    });
  });
}

/** Two full rows with unit stride along k: zip four k at a time with two shuffles. */
function interleaveTwoRows(
  c: Code,
  row0: Local<'i32'>,
  row1: Local<'i32'>,
  dst: Local<'i32'>,
  k: Local<'i32'>,
  kc: Local<'i32'>,
  kOff: Local<'i32'>,
): void {
  const r0 = c.local('v128');
  const r1 = c.local('v128');
  const kMain = c.local('i32');
  c.set(kMain, c.i32.and(c.get(kc), c.i32c(~3)));
  c.set(kOff, c.i32c(0));
  c.for(k, 0, kMain, 4, () => {
    c.set(r0, c.v128.load(c.i32.add(c.get(row0), c.get(kOff))));
    c.set(r1, c.v128.load(c.i32.add(c.get(row1), c.get(kOff))));
    c.v128.store(c.get(dst), c.v128.shuffle(c.get(r0), c.get(r1), f32Lanes(0, 4, 1, 5)));
    c.v128.store(c.get(dst), c.v128.shuffle(c.get(r0), c.get(r1), f32Lanes(2, 6, 3, 7)), 16);
    c.set(dst, c.i32.add(c.get(dst), c.i32c(32)));
    c.set(kOff, c.i32.add(c.get(kOff), c.i32c(16)));
  });
  c.for(k, c.get(kMain), kc, 1, () => {
    c.f32.store(c.get(dst), c.f32.load(c.i32.add(c.get(row0), c.get(kOff))));
    c.f32.store(c.get(dst), c.f32.load(c.i32.add(c.get(row1), c.get(kOff))), 4);
    c.set(dst, c.i32.add(c.get(dst), c.i32c(8)));
    c.set(kOff, c.i32.add(c.get(kOff), c.i32c(4)));
  });
}

/** packB(dst, src, rs, cs, kc, nc): src points at B[k0, j0]. */
export function emitPackB(mod: ModuleBuilder, name: string, nr: number): FuncRef<undefined> {
  return mod.func(name, I32, undefined, (c) => {
    const dst = c.param(0, 'i32');
    const src = c.param(1, 'i32');
    const rs = c.param(2, 'i32');
    const cs = c.param(3, 'i32');
    const kc = c.param(4, 'i32');
    const nc = c.param(5, 'i32');
    const t = c.local('i32');
    const k = c.local('i32');
    const j = c.local('i32');
    const cols = c.local('i32');
    const left = c.local('i32');
    const colPtr = c.local('i32');
    const ptr = c.local('i32');
    const rsBytes = c.local('i32');
    const csBytes = c.local('i32');
    const nrConst = c.local('i32');
    c.set(rsBytes, c.i32.shl(c.get(rs), c.i32c(2)));
    c.set(csBytes, c.i32.shl(c.get(cs), c.i32c(2)));
    c.set(nrConst, c.i32c(nr));
    const full = () => c.i32.eq(c.get(cols), c.i32c(nr));

    c.for(t, 0, nc, nr, () => {
      c.set(left, c.i32.sub(c.get(nc), c.get(t)));
      c.set(cols, minI32(c, left, nrConst));
      c.set(colPtr, c.i32.add(c.get(src), c.i32.mul(c.get(t), c.get(csBytes))));
      c.if(
        c.i32.and(c.i32.eq(c.get(cs), c.i32c(1)), full()),
        () => {
          // each row of the strip is contiguous: nr/4 vector copies per k
          c.set(ptr, c.get(colPtr));
          c.for(k, 0, kc, 1, () => {
            for (let v = 0; v < nr / 4; v++)
              c.v128.store(c.get(dst), c.v128.load(c.get(ptr), 16 * v), 16 * v);
            c.set(dst, c.i32.add(c.get(dst), c.i32c(4 * nr)));
            c.set(ptr, c.i32.add(c.get(ptr), c.get(rsBytes)));
          });
        },
        () =>
          c.if(
            c.i32.and(c.i32.eq(c.get(rs), c.i32c(1)), full()),
            () => transposedColumns(c, nr, colPtr, csBytes, dst, k, kc),
            () => {
              // general strides or a ragged strip: column by column, zeros past the edge
              c.for(j, 0, nr, 1, () => {
                const inside = () => c.i32.lt_s(c.get(j), c.get(cols));
                c.set(
                  ptr,
                  c.select(
                    c.i32.add(c.get(colPtr), c.i32.mul(c.get(j), c.get(csBytes))),
                    c.get(colPtr),
                    inside(),
                  ),
                );
                c.set(left, c.i32.add(c.get(dst), c.i32.shl(c.get(j), c.i32c(2))));
                c.for(k, 0, kc, 1, () => {
                  c.f32.store(c.get(left), c.select(c.f32.load(c.get(ptr)), c.f32c(0), inside()));
                  c.set(left, c.i32.add(c.get(left), c.i32c(4 * nr)));
                  c.set(ptr, c.i32.add(c.get(ptr), c.get(rsBytes)));
                });
              });
              c.set(dst, c.i32.add(c.get(dst), c.i32.mul(c.get(kc), c.i32c(4 * nr))));
            },
          ),
      );
    });
  });
}

/**
 * A full strip of B whose columns are contiguous along k (B is a transposed view,
 * as in x @ W^T): 4x4 transposes turn four k of four columns into four packed rows.
 */
function transposedColumns(
  c: Code,
  nr: number,
  colPtr: Local<'i32'>,
  csBytes: Local<'i32'>,
  dst: Local<'i32'>,
  k: Local<'i32'>,
  kc: Local<'i32'>,
): void {
  const col = Array.from({ length: 4 }, () => c.local('i32'));
  const rows = Array.from({ length: 4 }, () => c.local('v128'));
  const tmp = Array.from({ length: 4 }, () => c.local('v128'));
  const out = Array.from({ length: 4 }, () => c.local('v128'));
  const kMain = c.local('i32');
  const kOff = c.local('i32');
  const base = c.local('i32');
  c.set(kMain, c.i32.and(c.get(kc), c.i32c(~3)));
  for (let g = 0; g < nr / 4; g++) {
    // columns 4g .. 4g+3 of the strip
    for (let i = 0; i < 4; i++) {
      c.set(col[i]!, c.i32.add(c.get(colPtr), c.i32.mul(c.get(csBytes), c.i32c(4 * g + i))));
    }
    c.set(kOff, c.i32c(0));
    c.set(base, c.i32.add(c.get(dst), c.i32c(16 * g)));
    c.for(k, 0, kMain, 4, () => {
      for (let i = 0; i < 4; i++) c.set(rows[i]!, c.v128.load(c.i32.add(c.get(col[i]!), c.get(kOff))));
      transpose4x4(c, rows, tmp, out);
      for (let kk = 0; kk < 4; kk++) c.v128.store(c.get(base), c.get(out[kk]!), 4 * nr * kk);
      c.set(base, c.i32.add(c.get(base), c.i32c(16 * nr)));
      c.set(kOff, c.i32.add(c.get(kOff), c.i32c(16)));
    });
    c.for(k, c.get(kMain), kc, 1, () => {
      for (let i = 0; i < 4; i++)
        c.f32.store(c.get(base), c.f32.load(c.i32.add(c.get(col[i]!), c.get(kOff))), 4 * i);
      c.set(base, c.i32.add(c.get(base), c.i32c(4 * nr)));
      c.set(kOff, c.i32.add(c.get(kOff), c.i32c(4)));
    });
  }
  c.set(dst, c.i32.add(c.get(dst), c.i32.mul(c.get(kc), c.i32c(4 * nr))));
}
