#!/usr/bin/env node
// Checks that WebGPU works in headless Chromium (Debian's `chromium` package driven by
// playwright-core, no browser download): prints the adapter, runs a tiny compute shader
// (doubling 1024 floats) and verifies the readback.
//
//   node scripts/browser-webgpu-probe.mjs [--timeout=60000]
//
// ISOTROPIC_CHROMIUM_PATH overrides the browser (default /usr/bin/chromium); ISOTROPIC_CHROMIUM_FLAGS
// adds command-line flags. The page is served
// from 127.0.0.1 (a secure context, which WebGPU requires). Exits 0 on success, 1 otherwise.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const timeoutArg = process.argv.find((a) => a.startsWith('--timeout='));
const TIMEOUT_MS = timeoutArg ? Number(timeoutArg.slice('--timeout='.length)) : 60_000;
const EXECUTABLE = process.env.ISOTROPIC_CHROMIUM_PATH || '/usr/bin/chromium';

const FLAGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Extra flags, space-separated, e.g. '--enable-features=Vulkan --use-vulkan=native'.
  ...(process.env.ISOTROPIC_CHROMIUM_FLAGS ?? '').split(/\s+/).filter(Boolean),
];

const PAGE = '<!doctype html><meta charset="utf-8"><title>isotropic webgpu probe</title><p>probe</p>';

// Runs inside the page.
async function probe(n) {
  if (!('gpu' in navigator))
    return { error: 'navigator.gpu is undefined (WebGPU disabled or not a secure context)' };
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return { error: 'requestAdapter() returned null' };
  const info = adapter.info ?? {};
  const keys = [
    'maxBufferSize',
    'maxStorageBufferBindingSize',
    'maxComputeWorkgroupStorageSize',
    'maxComputeInvocationsPerWorkgroup',
    'maxComputeWorkgroupSizeX',
    'maxComputeWorkgroupsPerDimension',
    'maxStorageBuffersPerShaderStage',
  ];
  const result = {
    userAgent: navigator.userAgent,
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: adapter.isFallbackAdapter ?? info.isFallbackAdapter,
    limits: Object.fromEntries(keys.map((k) => [k, adapter.limits[k]])),
    features: [...adapter.features].sort(),
  };
  const device = await adapter.requestDevice();
  try {
    device.pushErrorScope('validation');
    const module = device.createShaderModule({
      code: `
        @group(0) @binding(0) var<storage, read_write> data: array<f32>;
        @compute @workgroup_size(64)
        fn main(@builtin(global_invocation_id) id: vec3u) {
          if (id.x < arrayLength(&data)) { data[id.x] = data[id.x] * 2.0; }
        }`,
    });
    const pipeline = device.createComputePipeline({
      layout: 'auto',
      compute: { module, entryPoint: 'main' },
    });
    const input = Float32Array.from({ length: n }, (_, i) => i + 0.5);
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
    pass.dispatchWorkgroups(Math.ceil(n / 64));
    pass.end();
    encoder.copyBufferToBuffer(storage, 0, readback, 0, input.byteLength);
    device.queue.submit([encoder.finish()]);
    const error = await device.popErrorScope();
    if (error) return { ...result, error: `validation error: ${error.message}` };
    await readback.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    let bad = 0;
    for (let i = 0; i < n; i++) if (out[i] !== input[i] * 2) bad++;
    return { ...result, n, bad, sample: [out[0], out[1], out[n - 1]] };
  } finally {
    device.destroy();
  }
}

const fail = (msg) => {
  console.error(`browser-webgpu-probe: FAIL: ${msg}`);
  process.exitCode = 1;
};

if (!existsSync(EXECUTABLE)) {
  console.error(
    `browser-webgpu-probe: FAIL: no browser at ${EXECUTABLE}. On Debian/Ubuntu: ` +
      'sudo bash scripts/install-system-deps.sh (installs the chromium package), or set ISOTROPIC_CHROMIUM_PATH.',
  );
  process.exit(1);
}

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(PAGE);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const userDataDir = mkdtempSync(join(tmpdir(), 'isotropic-chromium-'));
let context;
const killTimer = setTimeout(() => {
  console.error(`browser-webgpu-probe: FAIL: gave up after ${2 * TIMEOUT_MS} ms`);
  process.exit(1);
}, 2 * TIMEOUT_MS);
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: EXECUTABLE,
    headless: true,
    args: FLAGS,
    timeout: TIMEOUT_MS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(TIMEOUT_MS);
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
  });
  await page.goto(url, { timeout: TIMEOUT_MS });
  const r = await Promise.race([
    page.evaluate(probe, 1024),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`probe timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref(),
    ),
  ]);
  console.log(`browser-webgpu-probe: ${context.browser()?.version() ?? ''} ${EXECUTABLE}`.trim());
  if (r.userAgent) console.log(`  userAgent:         ${r.userAgent}`);
  if (r.description !== undefined) {
    console.log('browser-webgpu-probe: adapter');
    console.log(`  vendor:            ${r.vendor || '(empty)'}`);
    console.log(`  architecture:      ${r.architecture || '(empty)'}`);
    console.log(`  device:            ${r.device || '(empty)'}`);
    console.log(`  description:       ${r.description || '(empty)'}`);
    console.log(`  isFallbackAdapter: ${r.isFallbackAdapter ?? '(n/a)'}`);
    for (const [k, v] of Object.entries(r.limits)) console.log(`  ${`${k}:`.padEnd(36)} ${v}`);
    console.log(`  features:          ${r.features.join(', ') || '(none)'}`);
  }
  if (r.error) {
    fail(`${r.error}${consoleErrors.length ? `\n  console: ${consoleErrors.join('\n  console: ')}` : ''}`);
  } else if (r.bad > 0) {
    fail(`readback mismatch: ${r.bad}/${r.n} wrong (first values: ${r.sample.join(', ')})`);
  } else {
    console.log(`browser-webgpu-probe: compute check OK (${r.n} floats doubled, readback verified)`);
    console.log('browser-webgpu-probe: PASS');
  }
} catch (err) {
  fail(err.message.split('\n')[0]);
} finally {
  await context?.close().catch(() => {});
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
  clearTimeout(killTimer);
}
