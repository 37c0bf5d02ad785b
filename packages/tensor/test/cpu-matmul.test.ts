import { describe, expect, it } from 'vitest';
import type { Backend, Operand } from '../src/index.js';
import {
  dotProductBound,
  expectIdentical,
  type Layout,
  oneThread,
  operand,
  randInt,
  readAndRelease,
  reference,
  rng,
  threeThreads,
} from './cpu-harness.js';

interface Case {
  readonly batchA: number[];
  readonly batchB: number[];
  readonly M: number;
  readonly K: number;
  readonly N: number;
  readonly layoutA: Layout;
  readonly layoutB: Layout;
}

/** Output shape of the broadcast batch, as the tensor layer would pass it. */
function batchOf(c: Case): number[] {
  return c.batchA.map((d, i) => Math.max(d, c.batchB[i]!));
}

/** Operands of the case broadcast to the common batch shape (stride 0 where a batch dim is 1). */
function operands(backend: Backend, c: Case, seed: number): [Operand, Operand] {
  const batch = batchOf(c);
  const expand = (o: Operand, own: number[]): Operand => ({
    ...o,
    view: {
      ...o.view,
      shape: [...batch, ...o.view.shape.slice(own.length)],
      strides: [
        ...own.map((d, i) => (d === 1 && batch[i] !== 1 ? 0 : o.view.strides[i]!)),
        ...o.view.strides.slice(own.length),
      ],
    },
  });
  const a = operand(backend, [...c.batchA, c.M, c.K], seed, c.layoutA);
  const b = operand(backend, [...c.batchB, c.K, c.N], seed + 1, c.layoutB);
  return [expand(a, c.batchA), expand(b, c.batchB)];
}

function run(backend: Backend, c: Case, seed: number): Float32Array {
  const [a, b] = operands(backend, c, seed);
  const size = batchOf(c).reduce((x, y) => x * y, 1) * c.M * c.N;
  return readAndRelease(backend, backend.matmul(a, b), size, [a, b]);
}

/** sum_k |a_ik| |b_kj| from the reference backend, for the error bound. */
function absProducts(c: Case, seed: number): Float32Array {
  const [a, b] = operands(reference, c, seed);
  const absA = reference.unary('abs', a);
  const absB = reference.unary('abs', b);
  const view = (h: typeof absA, o: Operand): Operand => ({
    storage: h,
    dtype: 'float32',
    view: { shape: o.view.shape, strides: contiguous(o.view.shape), offset: 0 },
  });
  const out = reference.matmul(view(absA, a), view(absB, b));
  const size = batchOf(c).reduce((x, y) => x * y, 1) * c.M * c.N;
  const data = reference.readSync(out, 'float32', size) as Float32Array;
  for (const h of [out, absA, absB, a.storage, b.storage]) reference.release(h);
  return data;
}

function contiguous(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

function checkCase(c: Case, seed: number): void {
  const want = run(reference, c, seed);
  const bound = absProducts(c, seed);
  const got1 = run(oneThread, c, seed);
  const got3 = run(threeThreads, c, seed);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got1[i]! - want[i]!);
    if (!(err <= dotProductBound(c.K, bound[i]!))) {
      expect.fail(`${JSON.stringify(c)} element ${i}: got ${got1[i]}, want ${want[i]}, err ${err} > bound`);
    }
  }
  expectIdentical(got3, got1, `${JSON.stringify(c)} 3 threads vs 1`);
}

const LAYOUTS: Layout[] = ['contiguous', 'transposed', 'offset', 'spaced'];

describe('wasm f32 matmul against the TypeScript reference', () => {
  it('matches on 48 random shapes with ragged edges and every pair of layouts', () => {
    const r = rng(7);
    for (let t = 0; t < 48; t++) {
      const c: Case = {
        batchA: [],
        batchB: [],
        M: randInt(r, 1, 70),
        K: randInt(r, 1, 300),
        N: randInt(r, 1, 90),
        layoutA: LAYOUTS[t % 4]!,
        layoutB: LAYOUTS[Math.floor(t / 4) % 4]!,
      };
      checkCase(c, 100 + t);
    }
  });

  it('every ragged right edge (1..15 columns past a strip of 16), over two KC blocks of K', () => {
    // the edge runs the 4-, 8- or 12-column micro-kernel, or the full one, and must
    // keep its sum across K blocks like a full tile
    for (let edge = 1; edge < 16; edge++) {
      checkCase(
        { batchA: [], batchB: [], M: 5, K: 300, N: 16 + edge, layoutA: 'contiguous', layoutB: 'contiguous' },
        400 + edge,
      );
    }
  });

  it('crosses every cache block (M, N, K above MC, NC, KC) and the remainders', () => {
    checkCase(
      { batchA: [], batchB: [], M: 131, K: 517, N: 530, layoutA: 'contiguous', layoutB: 'contiguous' },
      1,
    );
    checkCase(
      { batchA: [], batchB: [], M: 257, K: 260, N: 33, layoutA: 'transposed', layoutB: 'transposed' },
      2,
    );
  });

  it('broadcasts batch dims (stride 0) on either side and folds a shared B into one GEMM', () => {
    const shapes: [number[], number[]][] = [
      [[3], [3]],
      [
        [2, 1],
        [1, 4],
      ],
      [[5], [1]],
      [[1], [4]],
      [
        [2, 3],
        [2, 3],
      ],
    ];
    shapes.forEach(([batchA, batchB], i) => {
      for (const layoutA of LAYOUTS) {
        checkCase({ batchA, batchB, M: 9 + i, K: 33, N: 17 + 2 * i, layoutA, layoutB: 'contiguous' }, 20 + i);
      }
    });
  });

  it('handles empty products: K = 0 gives zeros, M = 0 or N = 0 give empty outputs', () => {
    for (const [M, K, N] of [
      [3, 0, 4],
      [0, 5, 4],
      [3, 5, 0],
    ] as const) {
      const c: Case = { batchA: [], batchB: [], M, K, N, layoutA: 'contiguous', layoutB: 'contiguous' };
      const got = run(oneThread, c, 1);
      expect(Array.from(got)).toEqual(new Array(M * N).fill(0));
    }
  });

  it('gives bit-identical results with 1 and 3 threads on sizes that use the workers', () => {
    const c: Case = {
      batchA: [4],
      batchB: [1],
      M: 150,
      K: 200,
      N: 170,
      layoutA: 'contiguous',
      layoutB: 'transposed',
    };
    const before = threeThreads.kernels.chunksOnWorkers;
    const single = run(oneThread, c, 50);
    // workers start asynchronously: repeat until they have taken part (and check every run)
    const deadline = Date.now() + 10_000;
    let runs = 0;
    while (runs < 4 || (threeThreads.kernels.chunksOnWorkers === before && Date.now() < deadline)) {
      expectIdentical(run(threeThreads, c, 50), single, `run ${runs++}`);
    }
    expect(threeThreads.kernels.threads).toBe(3);
    expect(threeThreads.kernels.chunksOnWorkers).toBeGreaterThan(before);
  });
});
