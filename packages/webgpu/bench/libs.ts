/**
 * The three libraries measured side by side, each behind the same small
 * interface, each on its own device from the same adapter (one Dawn instance).
 * Peers use their own best path: tfjs's fused softmax kernel, jax-js's jit.
 */

import type { Tensor } from '@isotropic/tensor';
import * as T from '@isotropic/tensor';
import { createWebGPUBackend } from '../src/index.js';
import { type Case, randomFloats } from './measure.js';

export interface Lib {
  readonly name: string;
  matmul(aShape: number[], bShape: number[]): Case;
  softmax(shape: number[]): Case;
  layerNorm(shape: number[]): Case;
}

const sizeOf = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

export async function isotropicLib(gpu: GPU): Promise<Lib> {
  const backend = await createWebGPUBackend({ gpu });
  const input = (shape: number[], seed: number) =>
    T.tensor(randomFloats(sizeOf(shape), seed), shape, { backend });
  const make = (inputs: Tensor[], f: () => Tensor): Case => ({
    // scope(): the intermediates of composed ops (softmax = 5 kernels) are freed at once
    run: () => T.scope(f),
    fence: async (outs) => {
      await (outs[outs.length - 1] as Tensor).data();
    },
    dispose: (o) => (o as Tensor).dispose(),
    close: () => {
      for (const t of inputs) t.dispose();
    },
  });
  return {
    name: `isotropic (${backend.caps.description})`,
    matmul: (as, bs) => {
      const a = input(as, 1);
      const b = input(bs, 2);
      return make([a, b], () => T.matmul(a, b));
    },
    softmax: (shape) => {
      const x = input(shape, 3);
      return make([x], () => T.softmax(x, -1));
    },
    layerNorm: (shape) => {
      const d = shape[shape.length - 1]!;
      const x = input(shape, 4);
      const w = input([d], 5);
      const b = input([d], 6);
      return make([x, w, b], () => T.layerNorm(x, [d], w, b));
    },
  };
}

export async function tfjsLib(): Promise<Lib> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs: the webgpu backend did not initialise');
  await tf.ready();
  type TfTensor = ReturnType<typeof tf.tensor>;
  const input = (shape: number[], seed: number) => tf.tensor(randomFloats(sizeOf(shape), seed), shape);
  const make = (inputs: TfTensor[], f: () => TfTensor): Case => ({
    run: () => tf.tidy(f),
    fence: async (outs) => {
      await (outs[outs.length - 1] as TfTensor).data();
    },
    dispose: (o) => (o as TfTensor).dispose(),
    close: () => {
      for (const t of inputs) t.dispose();
    },
  });
  return {
    name: 'tfjs-backend-webgpu 4.22.0',
    matmul: (as, bs) => {
      const a = input(as, 1);
      const b = input(bs, 2);
      return make([a, b], () => tf.matMul(a, b));
    },
    softmax: (shape) => {
      const x = input(shape, 3);
      return make([x], () => tf.softmax(x));
    },
    layerNorm: (shape) => {
      const d = shape[shape.length - 1]!;
      const x = input(shape, 4);
      const w = input([d], 5);
      const b = input([d], 6);
      return make([x, w, b], () => {
        const { mean, variance } = tf.moments(x, -1, true);
        return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), w), b);
      });
    },
  };
}

export async function jaxLib(): Promise<Lib> {
  const jax = await import('@jax-js/jax');
  const devices = await jax.init('webgpu');
  if (!devices.includes('webgpu')) throw new Error('jax-js: the webgpu device did not initialise');
  jax.defaultDevice('webgpu');
  const np = jax.numpy;
  type JaxArray = ReturnType<typeof np.array>;
  const input = (shape: number[], seed: number) => np.array(randomFloats(sizeOf(shape), seed), { shape });
  const make = (inputs: JaxArray[], f: () => JaxArray): Case => ({
    run: f,
    // jax-js is lazy: unrealised arrays would never run. Realise every output,
    // then read the last back; `.ref` keeps each array alive for dispose().
    fence: async (outs) => {
      await Promise.all(outs.map((o) => (o as JaxArray).ref.blockUntilReady()));
      await (outs[outs.length - 1] as JaxArray).ref.data();
    },
    dispose: (o) => (o as JaxArray).dispose(),
    close: () => {
      for (const t of inputs) t.dispose();
    },
  });
  return {
    name: 'jax-js 0.1.25',
    matmul: (as, bs) => {
      const a = input(as, 1);
      const b = input(bs, 2);
      return make([a, b], () => np.matmul(a.ref, b.ref));
    },
    softmax: (shape) => {
      const x = input(shape, 3);
      const f = jax.jit((v: JaxArray) => jax.nn.softmax(v, -1));
      return make([x], () => f(x.ref));
    },
    layerNorm: (shape) => {
      const d = shape[shape.length - 1]!;
      const x = input(shape, 4);
      const w = input([d], 5);
      const b = input([d], 6);
      const f = jax.jit((v: JaxArray, wv: JaxArray, bv: JaxArray) =>
        np.add(np.multiply(jax.nn.standardize(v, -1, { epsilon: 1e-5 }), wv), bv),
      );
      return make([x, w, b], () => f(x.ref, w.ref, b.ref));
    },
  };
}
