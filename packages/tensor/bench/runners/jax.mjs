import { defaultDevice, init, lax, numpy as np } from '@jax-js/jax';
import { randomFloats } from '../timing.mjs';

function disposeAll(...arrays) {
  for (const a of arrays) a.dispose();
}

/**
 * jax-js on its wasm backend. Its ops consume their arguments, so inputs are
 * passed as `.ref`. In Node there is no global Worker, so it runs on one thread.
 */
export async function jaxRunners() {
  await init('wasm');
  defaultDevice('wasm');
  return [
    {
      label: 'jax-js wasm',
      activate: async () => ({ threads: 1 }),
      /** @param {import('../cases.mjs').Case['spec']} s */
      setup(s) {
        const make = (shape, seed) =>
          np
            .array(
              randomFloats(
                shape.reduce((a, b) => a * b, 1),
                seed,
              ),
            )
            .reshape(shape);
        if (s.kind === 'matmul') {
          const a = make([s.batch * s.M, s.K], 1);
          const b = make([s.K, s.N], 2);
          return {
            run: async () => {
              const c = np.matmul(a.ref, b.ref);
              await c.blockUntilReady();
              c.dispose();
            },
            dispose: () => disposeAll(a, b),
          };
        }
        const x = make([s.N, s.C, s.H, s.W], 1);
        const w = make([s.O, s.C / s.groups, s.k, s.k], 2);
        const padding = [
          [s.pad, s.pad],
          [s.pad, s.pad],
        ];
        return {
          run: async () => {
            const y = lax.convGeneralDilated(x.ref, w.ref, [1, 1], padding, { featureGroupCount: s.groups });
            await y.blockUntilReady();
            y.dispose();
          },
          dispose: () => disposeAll(x, w),
        };
      },
    },
  ];
}
