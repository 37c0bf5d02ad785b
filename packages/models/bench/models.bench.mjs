// Throughput of the backbones, in images per second: forward (eval mode, no
// graph) and forward + backward (train mode, loss = sum of the embedding), for
// vit_tiny and convnext_atto at 32 px (their small-image variants) and at 224 px,
// on the CPU backend and, when @isotropic/webgpu is built and finds an adapter,
// on WebGPU. Runs against the built package: `pnpm build` first (turbo's bench
// task builds the dependencies; this script does not).
//
//   node bench/models.bench.mjs              # the full table (minutes on a small CPU)
//   node bench/models.bench.mjs --quick      # smaller batches, for a smoke run
//   node bench/models.bench.mjs --cpu-only   # skip WebGPU
//   node bench/models.bench.mjs --only convnext_atto_patch1   # one model
//
// Each row runs in its own process: the CPU backend's wasm heap caches freed blocks
// per size class and never returns them (wasm memory cannot shrink), so a second
// model in the same process can exhaust the 4 GiB heap and fall back to slower
// copy-in/copy-out kernels. Each cell is the best of `repeats` timed runs after one
// warm-up run: on a shared machine other processes only ever add time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuBackend, noGrad, randn, scope, sum } from '@isotropic/tensor';
import { createModel } from '../dist/index.js';

const quick = process.argv.includes('--quick');
const cpuOnly = process.argv.includes('--cpu-only');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
const rowAt = process.argv.indexOf('--row');

/**
 * [model, image size, batch, timed repeats]. 224 px runs smaller batches: batch 64
 * forward + backward needs more than the CPU backend's 4 GiB wasm heap for these
 * models (every intermediate of the step is alive until its scope ends).
 */
const SCENARIOS = {
  cpu: [
    ['vit_tiny_patch4_32', 32, quick ? 16 : 64, quick ? 1 : 3],
    ['convnext_atto_patch1', 32, quick ? 16 : 64, quick ? 1 : 3],
    ['vit_tiny_patch16_224', 224, quick ? 4 : 16, quick ? 1 : 2],
    ['convnext_atto', 224, quick ? 4 : 16, quick ? 1 : 2],
  ],
  webgpu: [
    ['vit_tiny_patch4_32', 32, quick ? 8 : 64, quick ? 1 : 2],
    ['convnext_atto_patch1', 32, quick ? 8 : 64, quick ? 1 : 2],
    ['vit_tiny_patch16_224', 224, quick ? 2 : 8, 1],
    ['convnext_atto', 224, quick ? 2 : 8, 1],
  ],
};

async function bestSeconds(run, repeats) {
  await run();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

async function measure(backend, [name, size, batch, repeats]) {
  const model = createModel(name, { backend, key: [0, 1] });
  const images = randn([batch, 3, size, size], { seed: 1, backend }).keep();
  // reading a result back waits for the backend (WebGPU queues work)
  const forward = () =>
    scope(async () => {
      model.eval();
      await noGrad(() => model.embed(images)).data();
    });
  const forwardBackward = () =>
    scope(async () => {
      model.train();
      sum(model.embed(images)).backward();
      await model.parameters()[0].grad.data();
      model.zeroGrad();
    });
  const fwd = await bestSeconds(forward, repeats);
  const fwdBwd = await bestSeconds(forwardBackward, repeats);
  const cells = [name, `${size} px`, batch, (batch / fwd).toFixed(1), (batch / fwdBwd).toFixed(1)];
  return `| ${cells.join(' | ')} |`;
}

/** @isotropic/webgpu is not a dependency of this package: load the sibling build if there is one. */
async function webgpu() {
  const entry = fileURLToPath(new URL('../../webgpu/dist/index.js', import.meta.url));
  if (!existsSync(entry)) return { reason: '@isotropic/webgpu is not built' };
  // Mesa's lavapipe wants a writable runtime dir
  process.env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), 'isotropic-xdg-'));
  try {
    const mod = await import(entry);
    if (typeof mod.createWebGPUBackend !== 'function') {
      return { reason: '@isotropic/webgpu does not export createWebGPUBackend' };
    }
    return { backend: await mod.createWebGPUBackend() };
  } catch (e) {
    return { reason: `no WebGPU adapter (${String(e.message ?? e).split('\n')[0]})` };
  }
}

/** Child mode: `--row cpu|webgpu <index>` prints one table row. */
async function row(kind, index) {
  const gpu = kind === 'webgpu' ? await webgpu() : undefined;
  const backend = kind === 'webgpu' ? gpu.backend : cpuBackend();
  if (!backend) {
    console.log(`SKIP ${gpu.reason}`);
    return;
  }
  console.log(await measure(backend, SCENARIOS[kind][index]));
  backend.dispose?.();
}

function table(kind, title) {
  console.log(`\n### ${title}\n`);
  console.log('| model | input | batch | forward (img/s) | forward + backward (img/s) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [i, scenario] of SCENARIOS[kind].entries()) {
    if (only && scenario[0] !== only) continue;
    const args = [fileURLToPath(import.meta.url), '--row', kind, String(i), ...(quick ? ['--quick'] : [])];
    const out = execFileSync(process.execPath, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = out.trim().split('\n').at(-1);
    if (line.startsWith('SKIP')) return line.slice(5);
    console.log(line);
  }
  return undefined;
}

if (rowAt >= 0) {
  await row(process.argv[rowAt + 1], Number(process.argv[rowAt + 2]));
} else {
  const cpuInfo = cpus()[0];
  console.log(
    `## @isotropic/models throughput${quick ? ' (--quick)' : ''}\n\n` +
      `Machine: ${cpuInfo?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}, ` +
      `load average ${loadavg()[0].toFixed(2)} at start. CPU kernels: ${JSON.stringify(cpuBackend().kernels)}.`,
  );
  table('cpu', 'CPU backend');
  if (!cpuOnly) {
    const skipped = table('webgpu', 'WebGPU');
    if (skipped) console.log(`\nWebGPU skipped: ${skipped}`);
  }
  console.log(`\nLoad average ${loadavg()[0].toFixed(2)} at the end.`);
}
