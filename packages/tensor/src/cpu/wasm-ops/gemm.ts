import { MC, MR, NC, NR } from '../kernels/gemm-config.js';
import { JOB_KIND } from '../kernels/layout.js';
import { B_SOURCE, GEMM_PARAM, PACK_B_PARAM } from '../kernels/params.js';
import type { WasmContext } from './context.js';

/** Convolution geometry for the implicit-GEMM packers. */
export interface ConvGeometry {
  readonly H: number;
  readonly W: number;
  readonly KH: number;
  readonly KW: number;
  readonly OH: number;
  readonly OW: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
  readonly dh: number;
  readonly dw: number;
}

/** One output group: where its C block is, and the A/B bases of each summed product. */
export interface GemmGroup {
  readonly c: number;
  readonly segments: readonly { readonly a: number; readonly b: number }[];
}

/**
 * C[g] (+)= sum_s A[g,s] @ B[g,s] for every group g, with A [M, K] read through
 * strides (aRs, aCs), B [K, N] read through strides or gathered from an image
 * (implicit im2col), and C [M, N] with row stride ldc. Addresses are bytes,
 * strides are elements. All groups have the same number of segments.
 */
export interface GemmSpec {
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly aRs: number;
  readonly aCs: number;
  readonly bRs: number;
  readonly bCs: number;
  readonly ldc: number;
  readonly groups: readonly GemmGroup[];
  readonly bSource: typeof B_SOURCE.strided | typeof B_SOURCE.im2col | typeof B_SOURCE.im2colTransposed;
  readonly geometry?: ConvGeometry;
}

const roundUp = (x: number, m: number) => Math.ceil(x / m) * m;

/** Candidate block sizes: the largest allowed, then halvings down to a few tiles. */
function candidates(extent: number, max: number, tile: number): number[] {
  const out: number[] = [];
  for (let b = Math.min(max, roundUp(extent, tile)); b >= 4 * tile; b = roundUp(b / 2, tile)) out.push(b);
  if (out.length === 0) out.push(Math.min(max, roundUp(extent, tile)));
  return out;
}

/**
 * Block sizes for the chunks. Every chunk packs its own A block (re-packed once
 * per column block) and B block (re-packed once per row block), so among the
 * splits that give at least `wantChunks` chunks this takes the one that packs
 * least, weighting B by `bPackCost` (gathering im2col costs more than copying).
 * Chunking never changes results (only KC does), so it may depend on the
 * thread count freely.
 */
function chunking(M: number, N: number, K: number, groups: number, wantChunks: number, bPackCost: number) {
  let best = { mc: 0, nc: 0, chunksM: 0, chunksN: 0 };
  let bestCost = Number.POSITIVE_INFINITY;
  for (const mc of candidates(M, MC, MR)) {
    for (const nc of candidates(N, NC, NR)) {
      const chunksM = Math.ceil(M / mc);
      const chunksN = Math.ceil(N / nc);
      const chunks = groups * chunksM * chunksN;
      // packing volume, plus a penalty for falling short of the wanted parallelism
      const packing = chunksN * M * K + bPackCost * chunksM * K * N;
      const shortfall = chunks < wantChunks ? (wantChunks / chunks) * (M * K + N * K) * 4 : 0;
      const cost = packing + shortfall;
      if (cost < bestCost) {
        bestCost = cost;
        best = { mc, nc, chunksM, chunksN };
      }
    }
  }
  return best;
}

/** Chunks to aim for: a few per thread, more for big jobs so a descheduled thread is caught up by the others. */
function wantedChunks(threads: number, work: number): number {
  return threads * Math.min(4, Math.max(1, Math.round(work / (1 << 22))));
}

/** The neutral geometry written when B is not an image. */
const NO_GEOMETRY: ConvGeometry = {
  H: 1,
  W: 1,
  KH: 1,
  KW: 1,
  OH: 1,
  OW: 1,
  sh: 1,
  sw: 1,
  ph: 0,
  pw: 0,
  dh: 1,
  dw: 1,
};

/** Floats of one B matrix packed in strips of NR columns over all of K. */
const packedFloats = (K: number, N: number) => roundUp(N, NR) * K;

/**
 * Packs every distinct strided B once (a PACK_B job) and returns the groups with
 * their B pointers moved to the packed copies; undefined when out of memory.
 */
function prepackB(ctx: WasmContext, spec: GemmSpec, parallel: boolean) {
  const sources = [...new Set(spec.groups.flatMap((g) => g.segments.map((s) => s.b)))];
  const perMatrix = 4 * packedFloats(spec.K, spec.N);
  const packed = ctx.temp(perMatrix * sources.length);
  const table = packed && ctx.temp(8 * sources.length);
  if (!packed || !table) {
    packed?.release();
    return undefined;
  }
  const destination = new Map(sources.map((b, i) => [b, packed.ptr + i * perMatrix]));
  const words = ctx.runtime.ints(table.ptr, 2 * sources.length);
  sources.forEach((b, i) => {
    words[2 * i] = b;
    words[2 * i + 1] = destination.get(b)!;
  });
  const strips = Math.ceil(spec.N / NR);
  const stripsPerChunk = Math.max(1, Math.floor(PACK_CHUNK_FLOATS / (spec.K * NR)));
  ctx.runtime.setParams(PACK_B_PARAM, {
    K: spec.K,
    N: spec.N,
    bRs: spec.bRs,
    bCs: spec.bCs,
    count: sources.length,
    table: table.ptr,
    stripsPerChunk,
  });
  ctx.runtime.run(JOB_KIND.packB, sources.length * Math.ceil(strips / stripsPerChunk), parallel);
  table.release();
  const groups = spec.groups.map((g) => ({
    c: g.c,
    segments: g.segments.map((s) => ({ a: s.a, b: destination.get(s.b)! })),
  }));
  return { groups, release: packed.release };
}

/** Floats packed per PACK_B chunk. */
const PACK_CHUNK_FLOATS = 1 << 15;

/** Chunks below which a GEMM with several segments per group splits them (see segmentParts). */
const MIN_SPLIT_CHUNKS = 8;
/** Flops below which splitting segments is not worth its extra pass. */
const MIN_SPLIT_WORK = 1 << 22;

/**
 * Into how many parts to split each group's segments. A chunk owns a whole C block
 * and sums all of its segments, so a convolution's weight gradient (one small C,
 * one segment per image) was one or two chunks: one thread did all of it. Parts
 * are summed apart and then added in part order. The count depends on the shape
 * alone, never on the thread count, so results do not depend on threads.
 */
function segmentParts(spec: GemmSpec): number {
  const segments = spec.groups[0]?.segments.length ?? 0;
  const work = 2 * spec.M * spec.N * spec.K * spec.groups.length * segments;
  const blocks = spec.groups.length * Math.ceil(spec.M / MC) * Math.ceil(spec.N / NC);
  if (segments < 2 || blocks >= MIN_SPLIT_CHUNKS || work < MIN_SPLIT_WORK) return 1;
  // the most parts up to what fills MIN_SPLIT_CHUNKS that divide the segments evenly
  for (let parts = Math.min(segments, Math.ceil(MIN_SPLIT_CHUNKS / blocks)); parts > 1; parts--) {
    if (segments % parts === 0) return parts;
  }
  return 1;
}

/**
 * Runs the GEMM; false when wasm memory for its tables ran out (the caller falls back).
 * Splits the segments first where there would be too few chunks for the threads.
 */
export function runGemm(ctx: WasmContext, spec: GemmSpec): boolean {
  const parts = segmentParts(spec);
  return parts > 1 ? runSplitGemm(ctx, spec, parts) : runGemmJob(ctx, spec);
}

/** Each group's segments in `parts` runs of equal length into partial Cs, then C = their sum in order. */
function runSplitGemm(ctx: WasmContext, spec: GemmSpec, parts: number): boolean {
  const { M, N } = spec;
  const blockFloats = M * N;
  const partials = ctx.temp(4 * parts * spec.groups.length * blockFloats);
  if (!partials) return runGemmJob(ctx, spec);
  try {
    const per = spec.groups[0]!.segments.length / parts;
    const groups = spec.groups.flatMap((g, gi) =>
      Array.from({ length: parts }, (_, part) => ({
        c: partials.ptr + 4 * (gi * parts + part) * blockFloats,
        segments: g.segments.slice(part * per, (part + 1) * per),
      })),
    );
    if (!runGemmJob(ctx, { ...spec, ldc: N, groups })) return false;
    const sums = ctx.runtime.floats(partials.ptr, parts * spec.groups.length * blockFloats);
    spec.groups.forEach((g, gi) => {
      for (let m = 0; m < M; m++) {
        const out = ctx.runtime.floats(g.c + 4 * m * spec.ldc, N);
        const first = gi * parts * blockFloats + m * N;
        for (let n = 0; n < N; n++) {
          let total = sums[first + n]!;
          for (let part = 1; part < parts; part++) total += sums[first + part * blockFloats + n]!;
          out[n] = total;
        }
      }
    });
    return true;
  } finally {
    partials.release();
  }
}

function runGemmJob(ctx: WasmContext, spec: GemmSpec): boolean {
  const { M, N, K } = spec;
  if (M === 0 || N === 0 || spec.groups.length === 0) return true;
  const segments = spec.groups[0]!.segments.length;
  const work = 2 * M * N * K * spec.groups.length * segments;
  const parallel = ctx.parallel(work);
  const wanted = parallel ? wantedChunks(ctx.threads, work) : 1;
  let groups = spec.groups;
  let bSource: number = spec.bSource;
  let blocks = chunking(M, N, K, groups.length, wanted, bSource === B_SOURCE.strided ? 1 : 4);
  let releasePacked = () => {};
  // chunks that split M would each pack the same B columns: pack B once instead
  if (bSource === B_SOURCE.strided && blocks.chunksM > 1) {
    const prepacked = prepackB(ctx, spec, parallel);
    if (prepacked) {
      groups = prepacked.groups;
      releasePacked = prepacked.release;
      bSource = B_SOURCE.prepacked;
      blocks = chunking(M, N, K, groups.length, wanted, 0);
    }
  }
  const tables = ctx.temp(4 * groups.length * (1 + 2 * segments));
  if (!tables) {
    releasePacked();
    return false;
  }
  try {
    const words = ctx.runtime.ints(tables.ptr, groups.length * (1 + 2 * segments));
    const segTable = tables.ptr + 4 * groups.length;
    groups.forEach((g, i) => {
      words[i] = g.c;
      g.segments.forEach((s, j) => {
        const at = groups.length + 2 * (i * segments + j);
        words[at] = s.a;
        words[at + 1] = s.b;
      });
    });
    ctx.runtime.setParams(GEMM_PARAM, {
      M,
      N,
      K,
      mc: blocks.mc,
      nc: blocks.nc,
      chunksM: blocks.chunksM,
      chunksN: blocks.chunksN,
      segments,
      segTable,
      cTable: tables.ptr,
      aRs: spec.aRs,
      aCs: spec.aCs,
      bRs: spec.bRs,
      bCs: spec.bCs,
      ldc: spec.ldc,
      bSource,
      ...(spec.geometry ?? NO_GEOMETRY),
    });
    ctx.runtime.run(JOB_KIND.gemm, groups.length * blocks.chunksM * blocks.chunksN, parallel);
  } finally {
    tables.release();
    releasePacked();
  }
  return true;
}
