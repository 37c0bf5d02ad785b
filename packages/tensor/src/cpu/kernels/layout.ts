/**
 * The fixed low part of the wasm memory, shared by the host (JS) and every
 * kernel instance (one per thread). Byte addresses.
 *
 * A job is published by writing its kind and parameters, then the job word
 * (a 64-bit word: generation << 48 | chunk count << 24 | next chunk). Threads
 * claim chunks by compare-and-swap on the word, so a thread that wakes late
 * for an old generation can never claim a chunk of a newer job.
 */
export const CTRL = {
  /** i32: bumped to wake sleeping workers. */
  wake: 64,
  /** i32: 1 tells workers to exit. */
  stop: 68,
  /** i32: chunks finished in the current job (threads add their counts at the end). */
  done: 72,
  /** i64: the job word. */
  jobWord: 80,
  /** i32: which kernel the current job runs (JOB_KIND). */
  kind: 88,
  /** i32: start of the per-thread scratch regions. */
  scratchBase: 92,
  /** i32: bytes of scratch per thread. */
  scratchStride: 96,
  /** i32: set by a worker whose kernel threw; the host turns it into an error. */
  error: 100,
  /** i32: chunks run by worker threads (not the host) since start: evidence that threads work. */
  workerChunks: 104,
  /** i32 slots (also read as f32) with the job's parameters. */
  params: 128,
  /** v128 constants of the math kernels (ConstantPool), up to CONTROL_BYTES. */
  constants: 1024,
} as const;

export const PARAM_SLOTS = 96;

/** Bytes of the control block (what the host maps as 32-bit words); the rest of page 0 is unused. */
export const CONTROL_BYTES = 4096;

/** Bits of the job word. */
export const JOB_WORD = { countShift: 24, genShift: 48, fieldMask: 0xffffff, genMask: 0xffff } as const;

/** Chunked jobs the scheduler can run; numbers are baked into the wasm dispatch. */
export const JOB_KIND = {
  gemm: 1,
  depthwise: 2,
  col2im: 3,
  binary: 4,
  unary: 5,
  reduce: 6,
  packB: 7,
  transpose: 8,
  ecf: 9,
  ecfBackward: 10,
} as const;
export type JobKind = (typeof JOB_KIND)[keyof typeof JOB_KIND];

/** Byte address of parameter slot `i`. */
export function paramAddr(i: number): number {
  return CTRL.params + 4 * i;
}
