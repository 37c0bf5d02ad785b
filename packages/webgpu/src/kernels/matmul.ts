import { DTypeError, type Operand } from '@isotropic/tensor';
import type { GpuRuntime } from '../runtime/gpu-runtime.js';
import { asStorage, type GpuStorage } from '../runtime/gpu-storage.js';
import { ParamWriter } from '../wgsl/params.js';
import { coalesce } from '../wgsl/strided.js';
import { contiguousCopy } from './contiguous-copy.js';
import { BATCH_DIMS, type MatmulLayout } from './matmul-common.js';
import { registerMatmulKernel } from './matmul-register.js';
import { sharedMatmulKernel } from './matmul-shared.js';
import {
  chooseTile,
  type MatmulTile,
  REGISTER_TILES,
  SHARED_TILES,
  tileCols,
  tileRows,
} from './matmul-tiles.js';

/** Which matmul kernel family to use: chosen from the adapter unless forced. */
export type MatmulStrategy = 'auto' | 'register' | 'shared';

export interface MatmulOptions {
  readonly strategy: MatmulStrategy;
  /** Forces one tile (tests run every tile against the CPU backend). */
  readonly tile?: MatmulTile;
}

/** [...batch, M, K] @ [...batch, K, N] over strided views, batch dims broadcast by stride 0. */
export function matmulKernel(rt: GpuRuntime, a: Operand, b: Operand, opts: MatmulOptions): GpuStorage {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new DTypeError(
      `matmul: the webgpu backend multiplies float32 matrices, got ${a.dtype} @ ${b.dtype}`,
    );
  }
  const rank = a.view.shape.length;
  const M = a.view.shape[rank - 2]!;
  const K = a.view.shape[rank - 1]!;
  const N = b.view.shape[rank - 1]!;
  const batchShape = a.view.shape.slice(0, rank - 2);
  const batches = batchShape.reduce((p, d) => p * d, 1);
  const out = rt.alloc('matmul', batches * M * N);
  if (batches * M * N === 0) return out;
  const as = asStorage('matmul', a.storage, rt);
  const bs = asStorage('matmul', b.storage, rt);
  const [bdims, [aStrides, bStrides]] = coalesce(batchShape, [
    a.view.strides.slice(0, rank - 2),
    b.view.strides.slice(0, rank - 2),
  ]);
  const [aRs, aCs] = [a.view.strides[rank - 2]!, a.view.strides[rank - 1]!];
  const [bRs, bCs] = [b.view.strides[rank - 2]!, b.view.strides[rank - 1]!];
  const aligned4 = (v: number) => v % 4 === 0;
  if (bdims.length > BATCH_DIMS) {
    // More batch dims than the kernels take, and they do not merge: copy both
    // operands to contiguous layouts, whose batch dims all merge into one.
    rt.release(out);
    const ac = contiguousCopy(rt, a);
    const bc = contiguousCopy(rt, b);
    try {
      return matmulKernel(rt, ac, bc, opts);
    } finally {
      rt.release(asStorage('matmul', ac.storage, rt));
      rt.release(asStorage('matmul', bc.storage, rt));
    }
  }
  const layout: MatmulLayout = {
    bVec4: (bCs === 1 || N === 1) && aligned4(bRs) && aligned4(b.view.offset) && bStrides!.every(aligned4),
    cVec4: N % 4 === 0,
  };
  const shared = opts.strategy === 'shared' || (opts.strategy === 'auto' && !rt.caps.software);
  const tile =
    opts.tile ?? chooseTile(shared ? SHARED_TILES : REGISTER_TILES, M, N, batches, shared ? 128 : 8);
  const aColumnMajor = aCs !== 1 && aRs === 1;
  // the shared kernel reads B as scalars: its B layout is not a variant
  const key = `matmul|${JSON.stringify(tile)}|${tile.kind === 'register' && layout.bVec4}|${layout.cVec4}`;
  const kernel = rt.kernels.get(key, () =>
    tile.kind === 'shared' ? sharedMatmulKernel(tile, layout) : registerMatmulKernel(tile, layout),
  );
  const tilesN = Math.ceil(N / tileCols(tile));
  const tilesM = Math.ceil(M / tileRows(tile));
  const params = new ParamWriter().u32(M, N, K, tilesN, tilesM, batches);
  params.u32(a.view.offset, aRs, aCs, b.view.offset, bRs, bCs, aColumnMajor ? 1 : 0);
  const pad = BATCH_DIMS - bdims.length;
  for (let d = 0; d < BATCH_DIMS; d++) {
    if (d < pad) params.u32(1, 0, 0);
    else params.u32(bdims[d - pad]!, aStrides![d - pad]!, bStrides![d - pad]!);
  }
  rt.dispatch1d(kernel, [out.buffer, as.buffer, bs.buffer], params.toArray(), tilesN * tilesM * batches);
  return out;
}
