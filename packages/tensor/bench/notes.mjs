/** The fixed text around the generated table in BENCHMARKS.md. */
export const METHOD = `\`pnpm bench\` (packages/tensor, against dist/) measures each problem in one Node process:
float32 throughput, a multiply-add counted as two FLOPs, the inputs already on the backend,
the output materialised and released each call. Each cell is the best of several
rounds that go through all libraries in turn (so that someone else's burst of load on a
shared machine costs a round, not a library); the scalar JavaScript kernels get one round
per run. The table above merges three runs started when the 1-minute load average was
below 1.6 (\`node bench/bench.mjs --rounds 2 --lejepa --merge results.json\`, then
\`--rounds 0 --merge results.json --write\`); the load averages after a run include the
benchmark's own two threads.

Columns: this package's CPU backend through its public API (\`matmul\`, \`conv2d\`) with the
pure-TypeScript kernels (the fallback), the wasm SIMD kernels on 1 thread, and on every
core; \`@tensorflow/tfjs-backend-wasm\` 4.22 (XNNPACK, SIMD; it disables threads in Node,
tfjs#3830, so it runs on 1 thread); \`@tensorflow/tfjs-backend-cpu\` 4.22; \`@jax-js/jax\` 0.1.25
on its wasm backend (1 thread: it needs a global \`Worker\`, which Node lacks). Batched
matmuls are a Linear layer's \`[B, T, D] @ [D, E]\`; tfjs and jax-js get the batch folded into
the rows, as this package folds it internally. tfjs convolutions run in its native NHWC
layout, the others in NCHW; "dw" is a 7x7 depthwise convolution with padding 3, "pw" a 1x1
convolution.`;

export const NOT_MEASURED = `Run with \`--lejepa\` (after \`pnpm build\` at the root) to add one LeJEPA training step of
the README's default run, in Isotropic and in its tfjs and jax-js ports.`;

export const LEJEPA = `\`Trainer.trainStep\` of \`npm start\`'s run (vit_nano_patch4_28 on Fashion-MNIST, batch 64,
2 global 28 px + 4 local 14 px views, projector 512 → 64, SIGReg with 256 slices, online linear
probe, AdamW) on this package's CPU backend, beside the same step ported to TensorFlow.js
(\`bench/lejepa-tfjs.mjs\`, run on tfjs-backend-wasm and on tfjs-backend-cpu) and to jax-js
(\`bench/lejepa-jax.mjs\`, wasm backend). The ports do the same arithmetic: started from
Isotropic's initial parameters on the same batch and SIGReg directions, their losses match
Isotropic's to about 1e-7 relative (\`node bench/bench.mjs --check\`). Each library runs its
fastest idiomatic way: tfjs with eager ops, \`tf.variableGrads\` and \`tf.train.adam\` (the
decoupled weight decay applied by hand), its matmul gradients taking explicit transposes because
tfjs-backend-wasm runs transposed products in a slow loop (\`--tfjs-plain-matmul-grad\` times
tfjs's own gradient); jax-js with \`valueAndGrad\` and a hand-written AdamW under one \`jit\`.
Both ports write the 4 px patch-embedding conv as the equal matmul (tfjs-backend-wasm has no
kernel for the conv's weight gradient), and SIGReg's characteristic function as plain cos / sin
of a [6, 17, 64, 256] tensor (Isotropic has a fused kernel). Isotropic times real augmented
batches, the ports a random batch of the same shape; augmentation runs before the clock
starts. Median of the steps after a warm-up step (tfjs-backend-cpu, tens of seconds a step, gets
fewer); images/s counts images (each is 6 views).`;
