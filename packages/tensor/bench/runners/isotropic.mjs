import { CpuBackend, conv2d, matmul, tensor } from '../../dist/index.js';
import { randomFloats } from '../timing.mjs';

function disposeAll(...tensors) {
  for (const t of tensors) t.dispose();
}

/**
 * This package on its CPU backend, through the public API (what users call):
 * the pure-TypeScript kernels, and the wasm SIMD kernels on 1 and N threads.
 */
function runner(label, backend) {
  return {
    label,
    activate: async () => backend.kernels,
    /** @param {import('../cases.mjs').Case['spec']} s */
    setup(s) {
      const make = (shape, seed) =>
        tensor(
          randomFloats(
            shape.reduce((a, b) => a * b, 1),
            seed,
          ),
          shape,
          { backend },
        );
      if (s.kind === 'matmul') {
        // a Linear layer's batch: tokens [B, M, K] @ weight [K, N]
        const a = make(s.batch > 1 ? [s.batch, s.M, s.K] : [s.M, s.K], 1);
        const b = make([s.K, s.N], 2);
        return { run: () => matmul(a, b).dispose(), dispose: () => disposeAll(a, b) };
      }
      const x = make([s.N, s.C, s.H, s.W], 1);
      const w = make([s.O, s.C / s.groups, s.k, s.k], 2);
      const opts = { padding: s.pad, groups: s.groups };
      return {
        run: () => conv2d(x, w, null, opts).dispose(),
        dispose: () => disposeAll(x, w),
      };
    },
  };
}

export function isotropicRunners(threads) {
  return [
    runner('isotropic TS (fallback)', new CpuBackend({ simd: false })),
    runner('isotropic wasm, 1 thread', new CpuBackend({ threads: 1 })),
    runner(`isotropic wasm, ${threads} threads`, new CpuBackend({ threads })),
  ];
}
