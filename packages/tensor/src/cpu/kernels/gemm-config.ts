/**
 * Register and cache blocking of the f32 GEMM (BLIS naming), tuned on V8 x86-64
 * (AMD Zen 5): a 2 x 16 tile keeps 8 accumulators, 4 B vectors and one A broadcast
 * in 13 of the 15 xmm registers V8 gives wasm (6 x 8 spills; 5 x 8 is close
 * behind). KC x NR of packed B (16 KiB) stays in L1 and MC x KC of packed A (up to
 * 256 KiB) in L2.
 * KC also fixes the summation order, so results do not depend on MC, NC, the
 * chunking, or the number of threads.
 */
export const MR = 2;
export const NR = 16;
export const KC = 256;
/** Largest C block of one chunk; the scratch holds MC x KC of A and KC x NC of B. */
export const MC = 256;
export const NC = 512;
