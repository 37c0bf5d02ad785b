import type { FuncRef } from '../wasm/code-builder.js';
import { ModuleBuilder } from '../wasm/module-builder.js';
import { emitCol2imChunk } from './col2im.js';
import { ConstantPool } from './constant-pool.js';
import { emitPackIm2col, emitPackIm2colTransposed } from './conv-pack.js';
import { emitDepthwiseChunk } from './depthwise.js';
import { emitEcfChunk } from './ecf.js';
import { emitEcfBackwardChunk } from './ecf-backward.js';
import { emitBinaryChunk, emitUnaryChunk } from './elementwise.js';
import { MR, NR } from './gemm-config.js';
import { emitGemmChunk } from './gemm-job.js';
import { emitMacroKernel } from './gemm-macro.js';
import { emitMicroKernel } from './gemm-micro.js';
import { emitPackA, emitPackB } from './gemm-pack.js';
import { emitPackBChunk } from './gemm-prepack.js';
import { JOB_KIND, type JobKind } from './layout.js';
import { emitReduceChunk } from './reduce.js';
import { emitScheduler } from './scheduler.js';
import { emitTransposeChunk } from './transpose.js';

/** Pages of 64 KiB: a wasm32 memory can address at most 4 GiB. */
export const MAX_PAGES = 65536;

/**
 * Builds the kernel module: every f32 kernel as a chunked job, plus the
 * scheduler all threads run. The memory is imported so that the host and all
 * worker instances share it; `shared` must match how that memory was created.
 */
export interface KernelModule {
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Constants the kernels read from low memory; the host writes them at CTRL.constants. */
  readonly constants: Int32Array;
}

export function buildKernelModule(shared: boolean, maximumPages: number): KernelModule {
  const pool = new ConstantPool();
  const mod = new ModuleBuilder({ module: 'env', name: 'memory', initial: 1, maximum: maximumPages, shared });
  const micro = emitMicroKernel(mod, 'gemm_micro', MR, NR);
  // 4, 8, 12 columns of NR-wide panels, for the ragged right edge
  const narrow = Array.from({ length: NR / 4 - 1 }, (_, i) =>
    emitMicroKernel(mod, `gemm_micro_${4 * (i + 1)}`, MR, 4 * (i + 1), NR),
  );
  const packA = emitPackA(mod, 'pack_a', MR);
  const packB = emitPackB(mod, 'pack_b', NR);
  const packIm2col = emitPackIm2col(mod, NR);
  const packIm2colTransposed = emitPackIm2colTransposed(mod, NR);
  const macro = emitMacroKernel(mod, 'gemm_macro', micro, narrow, MR, NR);
  const kernels = new Map<JobKind, FuncRef<undefined>>([
    [JOB_KIND.gemm, emitGemmChunk(mod, { packA, packB, packIm2col, packIm2colTransposed, macro })],
    [JOB_KIND.col2im, emitCol2imChunk(mod)],
    [JOB_KIND.depthwise, emitDepthwiseChunk(mod)],
    [JOB_KIND.binary, emitBinaryChunk(mod)],
    [JOB_KIND.unary, emitUnaryChunk(mod, pool)],
    [JOB_KIND.reduce, emitReduceChunk(mod)],
    [JOB_KIND.packB, emitPackBChunk(mod, packB)],
    [JOB_KIND.transpose, emitTransposeChunk(mod)],
    [JOB_KIND.ecf, emitEcfChunk(mod, pool)],
    [JOB_KIND.ecfBackward, emitEcfBackwardChunk(mod, pool)],
  ]);
  emitScheduler(mod, kernels);
  return { bytes: mod.build(), constants: pool.words() };
}
