/** The fixed text around the generated table in BENCHMARKS.md. */
export const METHOD = `\`pnpm bench\` (packages/tensor, against dist/) measures each problem in one Node process:
float32 throughput, a multiply-add counted as two FLOPs, the inputs already on the backend,
the output materialised and released each call. Each cell is the best of several
rounds that go through all libraries in turn (so that someone else's burst of load on a
shared machine costs a round, not a library); the scalar JavaScript kernels get one round
per run. \`--merge <file.json>\` keeps the best of every cell across runs (\`--rounds 0 --merge
<file.json> --write\` rewrites this file from it alone); the header above says how many runs a
table merges and the load averages around them, which include the benchmark's own threads.

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
the README's default run, with its cnn_tiny backbone and with vit_nano_patch4_28, in Isotropic
and in its tfjs and jax-js ports.`;

export const LEJEPA = `\`Trainer.trainStep\` of \`npm start\`'s run (Fashion-MNIST, batch 64, 2 global 28 px + 4 local
14 px views, projector 512 → 64, SIGReg with 256 slices, online linear probe, AdamW) with two
backbones, one table each: cnn_tiny, the README's default (3x3 conv without bias + BatchNorm2d +
ReLU at widths 32 / 64 / 128 and strides 1 / 2 / 2, average-pooled to 128-d; the 14 px views go
through it at 14 px), and vit_nano_patch4_28 (64-d, 4 blocks, 4 px patches). Isotropic runs it on
this package's CPU backend, beside the same step ported to TensorFlow.js (\`bench/lejepa-tfjs.mjs\`,
run on tfjs-backend-wasm and on tfjs-backend-cpu) and to jax-js (\`bench/lejepa-jax.mjs\`, wasm
backend); \`--lejepa-model <name>\` times one backbone. The ports do the same arithmetic: started
from Isotropic's initial parameters on the same batch and SIGReg directions, their first-step
losses match Isotropic's to about 1e-7 relative (\`node bench/bench.mjs --check\`, with
\`--lejepa-model all\` for both backbones). Each library runs its fastest idiomatic way: tfjs with
eager ops, \`tf.variableGrads\` and \`tf.train.adam\` (the decoupled weight decay applied by hand), its
matmul gradients taking explicit transposes because tfjs-backend-wasm runs transposed products in a
slow loop (\`--tfjs-plain-matmul-grad\` times tfjs's own gradient); jax-js with \`valueAndGrad\` and a
hand-written AdamW under one \`jit\`. Convolutions are each library's own where it has the forward
and both gradient kernels: the CNN's 3x3 convs are \`tf.conv2d\` (NHWC) on tfjs-backend-cpu and
\`lax.convGeneralDilated\` (NCHW) in jax-js. tfjs-backend-wasm has no kernel for a conv's weight
gradient, so there each 3x3 conv is im2col (pad + slices) and one matmul, and both ports write the
ViT's 4 px patch-embedding conv as the equal matmul. Two of those convolutions are slow at these
shapes and dominate their CNN step: tfjs-backend-cpu's weight-gradient kernel (about 0.02 GFLOP/s
on the reference machine; \`--tfjs-im2col\` times tfjs-backend-cpu with im2col + matmul instead,
labelled so) and jax-js's conv, a fused window-times-reduction kernel rather than a matrix product
(under 1 GFLOP/s here; its first, compiling step takes minutes). BatchNorm (1d and 2d, batch
statistics), LayerNorm and GELU are composed from ops, and SIGReg's characteristic function is plain
cos / sin of a [6, 17, 64, 256] tensor (Isotropic has fused kernels). Isotropic times real augmented
batches, the ports a random batch of the same shape; augmentation runs before the clock starts.
Median of the steps after a warm-up step (tfjs-backend-cpu, tens of seconds to minutes a step, gets
fewer); images/s counts images (each is 6 views).`;
