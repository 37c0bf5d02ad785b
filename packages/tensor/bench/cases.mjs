/**
 * The benchmark problems. Shapes are given once, in NCHW / row-major terms; each
 * runner translates them to its library's layout (tfjs convolutions are NHWC).
 * FLOPs count a multiply-add as two.
 */

/** @typedef {{ kind: 'matmul', batch: number, M: number, K: number, N: number }} MatmulCase */
/** @typedef {{ kind: 'conv', N: number, C: number, H: number, W: number, O: number, k: number, pad: number, groups: number }} ConvCase */
/** @typedef {{ name: string, flops: number, spec: MatmulCase | ConvCase }} Case */

/** @returns {Case} */
function matmul(name, batch, M, K, N) {
  return { name, flops: 2 * batch * M * K * N, spec: { kind: 'matmul', batch, M, K, N } };
}

/** @returns {Case} */
function conv(name, N, C, H, W, O, k, pad, groups) {
  const flops = 2 * N * O * H * W * (C / groups) * k * k;
  return { name, flops, spec: { kind: 'conv', N, C, H, W, O, k, pad, groups } };
}

/** @type {Case[]} */
export const CASES = [
  matmul('matmul 128²', 1, 128, 128, 128),
  matmul('matmul 256²', 1, 256, 256, 256),
  matmul('matmul 512²', 1, 512, 512, 512),
  matmul('matmul 1024²', 1, 1024, 1024, 1024),
  matmul('ViT-Ti MLP: 64 × (65×192 @ 192×768)', 64, 65, 192, 768),
  matmul('ViT-S MLP: 197×384 @ 384×1536', 1, 197, 384, 1536),
  conv('ConvNeXt dw 7×7, 8×96×56×56', 8, 96, 56, 56, 96, 7, 3, 96),
  conv('ConvNeXt pw 1×1 96→384, 8×56×56', 8, 96, 56, 56, 384, 1, 0, 1),
];
