import type { FuncRef, Local } from '../wasm/code-builder.js';
import type { ModuleBuilder } from '../wasm/module-builder.js';

/**
 * The register-blocked inner kernel: C[mr x nr] (+)= Apanel[kc x mr] * Bpanel[kc x nr]
 * over packed panels (A: mr floats per k, B: nr floats per k). Each k step loads
 * nr/4 B vectors, broadcasts each A value (load32_splat) and does a mul + add per
 * accumulator; baseline wasm SIMD has no FMA. Summation runs over k in order,
 * starting from C when `accumulate` is set, else from zero.
 *
 * Shape of the generated loop, measured on V8 (x86-64): no unrolling, and the
 * panel pointers are bumped every step so all loads use small constant offsets.
 * Unrolling or large offsets make TurboFan hoist loads and spill accumulators,
 * which costs 30-40%.
 *
 * A narrow variant (`nr` < `bRow`) computes only the first `nr` columns of
 * panels packed `bRow` wide: the macro-kernel's ragged right edge, where a tile
 * of a few columns would otherwise cost a whole one.
 *
 * Signature: (a, b, kc, c, ldcBytes, accumulate).
 */
export function emitMicroKernel(
  mod: ModuleBuilder,
  name: string,
  mr: number,
  nr: number,
  bRow = nr,
): FuncRef<undefined> {
  const vecs = nr / 4;
  return mod.func(name, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], undefined, (c) => {
    const a = c.param(0, 'i32');
    const b = c.param(1, 'i32');
    const kc = c.param(2, 'i32');
    const cPtr = c.param(3, 'i32');
    const ldc = c.param(4, 'i32');
    const accumulate = c.param(5, 'i32');
    const acc: Local<'v128'>[][] = [];
    for (let r = 0; r < mr; r++) acc.push(Array.from({ length: vecs }, () => c.local('v128')));
    const bv = Array.from({ length: vecs }, () => c.local('v128'));
    const av = c.local('v128');
    const row = c.local('i32');
    const k = c.local('i32');

    const rowPtr = (r: number) => c.i32.add(c.get(cPtr), c.i32.mul(c.get(ldc), c.i32c(r)));
    c.if(
      c.get(accumulate),
      () => {
        for (let r = 0; r < mr; r++) {
          c.set(row, rowPtr(r));
          for (let v = 0; v < vecs; v++) c.set(acc[r]![v]!, c.v128.load(c.get(row), 16 * v));
        }
      },
      () => {
        for (let r = 0; r < mr; r++) for (let v = 0; v < vecs; v++) c.set(acc[r]![v]!, c.f32x4c(0));
      },
    );

    c.for(k, 0, kc, 1, () => {
      for (let v = 0; v < vecs; v++) c.set(bv[v]!, c.v128.load(c.get(b), 16 * v));
      for (let r = 0; r < mr; r++) {
        c.set(av, c.v128.load32Splat(c.get(a), 4 * r));
        for (let v = 0; v < vecs; v++) {
          c.set(acc[r]![v]!, c.f32x4.add(c.get(acc[r]![v]!), c.f32x4.mul(c.get(av), c.get(bv[v]!))));
        }
      }
      c.set(a, c.i32.add(c.get(a), c.i32c(4 * mr)));
      c.set(b, c.i32.add(c.get(b), c.i32c(4 * bRow)));
    });

    for (let r = 0; r < mr; r++) {
      c.set(row, rowPtr(r));
      for (let v = 0; v < vecs; v++) c.v128.store(c.get(row), c.get(acc[r]![v]!), 16 * v);
    }
  });
}
