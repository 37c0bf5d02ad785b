/**
 * `pnpm bench`: SIGReg forward + backward (value and d/dx) against the x @ A matmul of
 * the same shape, on the CPU backend and, when an adapter exists, on WebGPU (the same
 * shapes). Prints a markdown table.
 * ISOTROPIC_BENCH_QUICK=1 runs only the smallest shapes.
 */
import os from 'node:os';
import { valueAndGrad } from '@isotropic/autograd';
import {
  type Backend,
  cpuBackend,
  ecf,
  ecfBackward,
  matmul,
  ones,
  randn,
  scope,
  type Tensor,
  tensor,
} from '@isotropic/tensor';
import { it } from 'vitest';
import { quadratureGrid, sampleDirections, sigreg } from '../src/index.js';
import { webgpuBackend } from '../test/helpers/webgpu.js';
import { bestMs, repeatsFor } from './timing.js';

interface Shape {
  N: number;
  K: number;
  M: number;
}

const quick = process.env.ISOTROPIC_BENCH_QUICK === '1';
const Ns = quick ? [256] : [256, 1024, 4096];
const shapes: Shape[] = Ns.flatMap((N) => [128, 512].flatMap((K) => [256, 1024].map((M) => ({ N, K, M }))));

async function benchShape(backend: Backend, { N, K, M }: Shape): Promise<string> {
  const x = randn([N, K], { seed: 1, backend });
  const A = sampleDirections(K, M, 2, { backend });
  const repeats = repeatsFor(N * K * M);
  const matmulMs = await bestMs(() => scope(async () => void (await matmul(x, A).data())), repeats);
  // a linear map's own forward + backward (d/dx = g @ A^T): SIGReg's floor, since its
  // forward + backward contains exactly these two products before any cos / sin
  const g = randn([N, M], { seed: 3, backend });
  const At = A.transpose([1, 0]);
  const matmulPairMs = await bestMs(
    () =>
      scope(async () => {
        await matmul(x, A).data();
        await matmul(g, At).data();
      }),
    repeats,
  );
  const forwardMs = await bestMs(
    () => scope(async () => void (await sigreg(x, { directions: A }).data())),
    repeats,
  );
  const fwdBwdMs = await bestMs(
    () =>
      scope(async () => {
        const [value, grad] = valueAndGrad((xx: Tensor) => sigreg(xx, { directions: A }))(x);
        await value.data();
        await grad.data();
      }),
    repeats,
  );
  // where the time goes: the two fused characteristic-function kernels alone
  const z = matmul(x, A);
  const t = tensor(quadratureGrid(17, 3).t, [17], { backend });
  const cotangent = ones([2, 17, M], { backend });
  const ecfMs = await bestMs(
    () =>
      scope(async () => {
        await ecf(z, t).data();
        await ecfBackward(z, t, cotangent).data();
      }),
    repeats,
  );
  for (const tmp of [x, A, At, g, z, t, cotangent]) tmp.dispose();
  const cells = [N, K, M, matmulMs, matmulPairMs, forwardMs, fwdBwdMs, ecfMs].map((v) =>
    typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : `${v}`,
  );
  return `| ${cells.join(' | ')} | ${(fwdBwdMs / matmulMs).toFixed(2)}x | ${(fwdBwdMs / matmulPairMs).toFixed(2)}x |`;
}

async function table(backend: Backend, shapes: readonly Shape[]): Promise<string[]> {
  const rows = [
    '| N | K | M | x @ A (ms) | x @ A and g @ Aᵀ (ms) | SIGReg fwd (ms) | SIGReg fwd+bwd (ms) | of which ecf + ecfBackward (ms) | fwd+bwd / x @ A | fwd+bwd / both products |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const shape of shapes) rows.push(await benchShape(backend, shape));
  return rows;
}

it('SIGReg forward+backward vs the x @ A matmul', { timeout: 1_800_000 }, async () => {
  const lines = [
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.arch()}), Node ${process.version}`,
    'fwd+bwd: valueAndGrad from @isotropic/autograd (value and d/dx, both read back)',
    '',
    '### CPU backend (float32)',
    ...(await table(cpuBackend(), shapes)),
    '',
  ];
  const gpu = await webgpuBackend();
  if (gpu.backend) lines.push(`### WebGPU (${gpu.reason})`, ...(await table(gpu.backend, shapes)));
  else lines.push(`### WebGPU: skipped (${gpu.reason})`);
  console.log(lines.join('\n'));
});
