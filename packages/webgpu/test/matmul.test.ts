import type { Tensor } from '@isotropic/tensor';
import * as T from '@isotropic/tensor';
import { expect, it } from 'vitest';
import { matmulKernel } from '../src/kernels/matmul.js';
import { type MatmulTile, REGISTER_TILES, SHARED_TILES, tileName } from '../src/kernels/matmul-tiles.js';
import { asHandle } from '../src/runtime/gpu-storage.js';
import { backend, describeWebGPU } from './gpu-backend.js';
import { expectParity, mismatch } from './parity.js';

const TOL = { rtol: 1e-4, atol: 1e-4 };

/** Operand pairs covering odd sizes, transposes, offsets, batches and broadcast batches. */
function cases(m: { randn(s: number[]): Tensor }): [Tensor, Tensor][] {
  const a = m.randn([37, 29]);
  const b = m.randn([29, 45]);
  const big = m.randn([3, 70, 66]);
  return [
    [a, b], // no dim a multiple of a tile
    [m.randn([1, 29]), b], // a row vector
    [a, m.randn([29, 1])], // a column
    [m.randn([64, 64]), m.randn([64, 64])], // exact tiles
    [T.transpose(m.randn([29, 37])), T.transpose(m.randn([45, 29]))], // both transposed (column-major)
    [
      T.slice(big, [1, [3, 40], [1, 30]]),
      T.slice(m.randn([31, 50]), [
        [1, 30],
        [2, 47],
      ]),
    ], // offsets, unaligned rows
    [m.randn([4, 3, 17, 9]), m.randn([4, 3, 9, 12])], // batched (rank 4)
    [m.randn([5, 17, 9]), T.broadcastTo(m.randn([9, 8]), [5, 9, 8])], // broadcast batch (stride 0)
    [T.permute(m.randn([9, 5, 17]), [1, 2, 0]), m.randn([5, 9, 20])], // batched and strided
    [m.randn([6, 0]), m.randn([0, 5])], // K = 0: zeros
    // five batch dims that cannot merge: copied to contiguous layouts first
    [T.permute(m.randn([2, 3, 2, 3, 2, 5, 4]), [4, 3, 2, 1, 0, 5, 6]), m.randn([4, 6])],
  ];
}

/**
 * Two cases per tile, one per layout variant of the kernels (vec4 B and C;
 * scalar B and C), each with odd sizes, a broadcast batch and offsets.
 */
function tileCases(m: { randn(s: number[]): Tensor }): [Tensor, Tensor][] {
  return [
    [T.transpose(m.randn([2, 29, 37]), [0, 2, 1]), T.broadcastTo(m.randn([29, 44]), [2, 29, 44])],
    [
      T.slice(m.randn([3, 40, 31]), [
        [1, 3],
        [2, 39],
        [1, 30],
      ]),
      T.transpose(m.randn([2, 45, 29]), [0, 2, 1]),
    ],
  ];
}

function runTile(tile: MatmulTile, a: Tensor, b: Tensor): Promise<Float32Array> {
  const gpu = backend();
  const rank = a.ndim;
  const batch = T.broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  const ao = a.operand('matmul');
  const bo = b.operand('matmul');
  const expand = (t: typeof ao, shape: number[]) => {
    const lead = shape.length - t.view.shape.length;
    return {
      ...t,
      view: {
        shape,
        strides: shape.map((d, i) =>
          i < lead || t.view.shape[i - lead] !== d ? 0 : t.view.strides[i - lead]!,
        ),
        offset: t.view.offset,
      },
    };
  };
  const M = a.shape[rank - 2]!;
  const out = matmulKernel(
    gpu.runtime,
    expand(ao, [...batch, M, a.shape[rank - 1]!]),
    expand(bo, [...batch, b.shape[b.ndim - 2]!, b.shape[b.ndim - 1]!]),
    { strategy: tile.kind, tile },
  );
  const size = [...batch, M, b.shape[b.ndim - 1]!].reduce((p, d) => p * d, 1);
  return gpu
    .read(asHandle(out), 'float32', size)
    .finally(() => gpu.release(asHandle(out))) as Promise<Float32Array>;
}

describeWebGPU('matmul matches the CPU backend', () => {
  it('with the automatic tile choice', async () => {
    await expectParity((m) => cases(m).map(([a, b]) => T.matmul(a, b)), TOL);
  });

  it.each([...REGISTER_TILES, ...SHARED_TILES].map((t) => [tileName(t), t] as const))(
    'with every tile: %s',
    async (_name, tile) => {
      const gpu = backend();
      await T.scope(async () => {
        let seed = 7;
        const rnd = () => {
          seed = (seed * 16807) % 2147483647;
          return (seed / 2147483647) * 2 - 1;
        };
        const make = (b: T.Backend) => ({
          randn: (s: number[]) =>
            T.tensor(Float32Array.from({ length: s.reduce((p, d) => p * d, 1) }, rnd), s, { backend: b }),
        });
        seed = 7;
        const onCpu = tileCases(make(T.cpuBackend()));
        seed = 7;
        const onGpu = tileCases(make(gpu));
        for (let i = 0; i < onCpu.length; i++) {
          const want = Array.from(T.matmul(onCpu[i]![0], onCpu[i]![1]).dataSync());
          const got = Array.from(await runTile(tile, onGpu[i]![0], onGpu[i]![1]));
          expect(mismatch(got, want, TOL), `case ${i}`).toBeUndefined();
        }
      });
    },
  );

  it('ViT shapes: tokens x dim @ dim x 4dim, batched, and attention scores', async () => {
    await expectParity(
      (m) => [
        T.matmul(m.randn([2, 65, 48]), m.randn([48, 192])),
        T.matmul(m.randn([2, 3, 65, 16]), T.transpose(m.randn([2, 3, 65, 16]), [0, 1, 3, 2])),
      ],
      TOL,
    );
  });
});
