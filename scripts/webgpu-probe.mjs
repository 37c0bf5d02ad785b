#!/usr/bin/env node
// Checks that WebGPU works in Node through Dawn (the `webgpu` npm package): prints the
// adapter, runs a tiny compute shader (doubling 1024 floats) and verifies the readback.
//
//   node scripts/webgpu-probe.mjs [--timeout=60000]
//
// Exits 0 on success, 1 when there is no adapter or the check fails. Without a GPU on
// Linux it needs Mesa's lavapipe (see docs/webgpu-setup.md and scripts/install-system-deps.sh).
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const N = 1024;
const timeoutArg = process.argv.find((a) => a.startsWith('--timeout='));
const TIMEOUT_MS = timeoutArg ? Number(timeoutArg.slice('--timeout='.length)) : 60_000;

const fail = (msg) => {
  console.error(`webgpu-probe: FAIL: ${msg}`);
  process.exit(1);
};

const withTimeout = (promise, what) =>
  Promise.race([
    promise,
    new Promise((_, reject) => {
      const t = setTimeout(() => reject(new Error(`${what} timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      t.unref();
    }),
  ]);

// Mesa's Vulkan drivers want a writable runtime dir; CI containers often have none.
if (!process.env.XDG_RUNTIME_DIR) {
  process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'isotropic-xdg-'));
}

// `webgpu` is a devDependency of packages/webgpu, so resolve it from there.
const require = createRequire(new URL('../packages/webgpu/package.json', import.meta.url));
let webgpu;
try {
  webgpu = await import(require.resolve('webgpu'));
} catch (err) {
  fail(`cannot load the 'webgpu' package (run 'pnpm install' first): ${err.message}`);
}
const { create, globals } = webgpu;
Object.assign(globalThis, globals);

// Keep a strong reference to the instance for as long as any adapter or device lives:
// if it is garbage-collected, Dawn crashes in InstanceBase::ProcessEvents.
const gpu = create([]);
globalThis.__isotropicWebgpuProbeInstance = gpu;

const adapter = await withTimeout(gpu.requestAdapter(), 'requestAdapter()').catch((err) => fail(err.message));
if (!adapter) {
  fail(
    'no WebGPU adapter. Without a GPU on Linux, install Mesa lavapipe (Debian 12: ' +
      'sudo bash scripts/install-system-deps.sh, which takes mesa-vulkan-drivers from bookworm-backports) ' +
      'and make sure XDG_RUNTIME_DIR is writable; with a GPU, install its Vulkan driver. See docs/webgpu-setup.md.',
  );
}

const info = adapter.info ?? {};
const limits = adapter.limits;
const keyLimits = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
];
console.log('webgpu-probe: adapter');
console.log(`  vendor:            ${info.vendor || '(empty)'}`);
console.log(`  architecture:      ${info.architecture || '(empty)'}`);
console.log(`  device:            ${info.device || '(empty)'}`);
console.log(`  description:       ${info.description || '(empty)'}`);
console.log(`  isFallbackAdapter: ${adapter.isFallbackAdapter ?? info.isFallbackAdapter ?? '(n/a)'}`);
for (const k of keyLimits) console.log(`  ${`${k}:`.padEnd(36)} ${limits[k]}`);
console.log(`  features:          ${[...adapter.features].sort().join(', ') || '(none)'}`);

const device = await withTimeout(adapter.requestDevice(), 'requestDevice()').catch((err) =>
  fail(err.message),
);
let lost = false;
device.lost.then((e) => {
  lost = true;
  if (e.reason !== 'destroyed') console.error(`webgpu-probe: device lost: ${e.message}`);
});

try {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({
    code: /* wgsl */ `
      @group(0) @binding(0) var<storage, read_write> data: array<f32>;
      @compute @workgroup_size(64)
      fn main(@builtin(global_invocation_id) id: vec3u) {
        if (id.x < arrayLength(&data)) { data[id.x] = data[id.x] * 2.0; }
      }`,
  });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });

  const input = Float32Array.from({ length: N }, (_, i) => i + 0.5);
  const storage = device.createBuffer({
    size: input.byteLength,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  const readback = device.createBuffer({
    size: input.byteLength,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(storage, 0, input);

  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer: storage } }],
  });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(Math.ceil(N / 64));
  pass.end();
  encoder.copyBufferToBuffer(storage, 0, readback, 0, input.byteLength);
  device.queue.submit([encoder.finish()]);

  const error = await withTimeout(device.popErrorScope(), 'popErrorScope()');
  if (error) throw new Error(`validation error: ${error.message}`);

  const t0 = performance.now();
  await withTimeout(readback.mapAsync(GPUMapMode.READ), 'mapAsync()');
  const out = new Float32Array(readback.getMappedRange().slice(0));
  readback.unmap();
  const ms = (performance.now() - t0).toFixed(1);

  let bad = 0;
  for (let i = 0; i < N; i++) if (out[i] !== input[i] * 2) bad++;
  if (bad > 0) {
    throw new Error(`readback mismatch: ${bad}/${N} wrong (e.g. out[1] = ${out[1]}, want ${input[1] * 2})`);
  }
  console.log(`webgpu-probe: compute check OK (${N} floats doubled, readback in ${ms} ms)`);

  storage.destroy();
  readback.destroy();
} catch (err) {
  device.destroy();
  fail(lost ? `device lost during the check: ${err.message}` : err.message);
}

device.destroy();
console.log('webgpu-probe: PASS');
// Dawn's instance is released with the process; `gpu` stays referenced until here.
void gpu;
process.exit(0);
