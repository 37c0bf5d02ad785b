import { createRequire } from 'node:module';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { randomFloats } from '../timing.mjs';

const require = createRequire(import.meta.url);

/**
 * TensorFlow.js on its wasm backend (XNNPACK, SIMD) and its plain JS CPU
 * backend. tfjs-backend-wasm disables threads in Node (tfjs issue #3830), so its
 * numbers here are single-threaded. Convolutions use tfjs's native NHWC layout.
 */
async function runner(backendName, label) {
  if (backendName === 'wasm')
    setWasmPaths(require.resolve('@tensorflow/tfjs-backend-wasm').replace(/[^/]+$/, ''));
  return {
    label,
    async activate() {
      await tf.setBackend(backendName);
      await tf.ready();
      return backendName === 'wasm' ? { threads: getThreadsCount() } : { threads: 1 };
    },
    /** @param {import('../cases.mjs').Case['spec']} s */
    setup(s) {
      const make = (shape, seed) =>
        tf.tensor(
          randomFloats(
            shape.reduce((a, b) => a * b, 1),
            seed,
          ),
          shape,
        );
      if (s.kind === 'matmul') {
        // the batch folded into rows, as a Linear layer does
        const a = make([s.batch * s.M, s.K], 1);
        const b = make([s.K, s.N], 2);
        return { run: () => tf.matMul(a, b).dispose(), dispose: () => tf.dispose([a, b]) };
      }
      const x = make([s.N, s.H, s.W, s.C], 1);
      const pad = s.pad === 0 ? 'valid' : 'same';
      if (s.groups === s.C && s.O === s.C) {
        const w = make([s.k, s.k, s.C, 1], 2);
        return { run: () => tf.depthwiseConv2d(x, w, 1, pad).dispose(), dispose: () => tf.dispose([x, w]) };
      }
      const w = make([s.k, s.k, s.C, s.O], 2);
      return { run: () => tf.conv2d(x, w, 1, pad).dispose(), dispose: () => tf.dispose([x, w]) };
    },
  };
}

export async function tfjsRunners() {
  return [await runner('wasm', 'tfjs-backend-wasm'), await runner('cpu', 'tfjs-backend-cpu')];
}
