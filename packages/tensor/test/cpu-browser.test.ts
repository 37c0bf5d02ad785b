/**
 * The wasm CPU backend in a real browser (headless Chromium through
 * playwright-core), loading the built package (dist/): with cross-origin
 * isolation (shared memory, worker threads, on the main thread and inside a Web
 * Worker) and without it (private memory, one thread). Skipped when no Chromium
 * is installed (set CHROMIUM_PATH to point at one).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const distDir = new URL('../dist/', import.meta.url);
const haveBrowser = existsSync(chromiumPath) && existsSync(new URL('index.js', distDir));

/** What the page (or worker) reports back. */
interface Report {
  isolated: boolean;
  beforeCreate: { simd: boolean };
  kernels: { simd: boolean; threads: number; sharedMemory: boolean; chunksOnWorkers: number };
  maxError: number;
}

/** Runs in the browser: the same checks on the main thread and in a worker. */
const CHECK = `
export async function check(T, create) {
  const beforeCreate = new T.CpuBackend().kernels;
  const backend = await create();
  const reference = new T.CpuBackend({ simd: false });
  const run = (b) => {
    const x = T.randn([2, 8, 20, 20], { seed: 1, backend: b });
    const w = T.randn([16, 8, 3, 3], { seed: 2, backend: b });
    const h = T.conv2d(x, w, null, { padding: 1 }).reshape([2, 16, 400]);
    const m = T.randn([400, 300], { seed: 3, backend: b });
    return T.matmul(T.gelu(h), m).dataSync();
  };
  // the first parallel job creates the workers; browsers start them once this thread yields
  let got = run(backend);
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < 20 && backend.kernels.threads > 1 && backend.kernels.chunksOnWorkers === 0; i++) got = run(backend);
  const want = run(reference);
  // relative to the largest output: f32 accumulation over 400 terms
  let maxError = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    maxError = Math.max(maxError, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  maxError /= scale;
  return { isolated: self.crossOriginIsolated, beforeCreate, kernels: backend.kernels, maxError };
}
`;

const WORKER = `
import * as T from './dist/index.js';
import { check } from './check.js';
check(T, async () => new T.CpuBackend()).then((r) => postMessage(r), (e) => postMessage({ error: String(e) }));
`;

let server: Server;
let base = '';

function serve(): Promise<void> {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const isolated = url.pathname.startsWith('/iso/');
    const path = url.pathname.replace(/^\/(iso|plain)\//, '');
    if (isolated) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    const js = (body: string) => {
      res.setHeader('Content-Type', 'text/javascript');
      res.end(body);
    };
    if (path === 'check.js') return js(CHECK);
    if (path === 'worker.js') return js(WORKER);
    if (path.startsWith('dist/') && !path.includes('..')) {
      const file = new URL(path.slice(5), distDir);
      if (existsSync(file)) return js(readFileSync(file, 'utf8'));
    }
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><title>isotropic</title>');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

type Browser = Awaited<ReturnType<typeof import('playwright-core')['chromium']['launch']>>;
let browser: Browser;

describe.skipIf(!haveBrowser)('the wasm CPU backend in Chromium', () => {
  beforeAll(async () => {
    await serve();
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  async function onMainThread(prefix: 'iso' | 'plain'): Promise<Report> {
    const page = await browser.newPage();
    await page.goto(`${base}/${prefix}/`);
    // a string, so that vitest does not rewrite the dynamic imports
    const report = await page.evaluate(`(async () => {
      const T = await import('/${prefix}/dist/index.js');
      const { check } = await import('/${prefix}/check.js');
      return check(T, () => T.CpuBackend.create());
    })()`);
    await page.close();
    return report as Report;
  }

  it('cross-origin isolated page: shared memory and worker threads on the main thread', async () => {
    const r = await onMainThread('iso');
    expect(r.isolated).toBe(true);
    // (browsers may refuse to compile wasm synchronously on the main thread; Chromium
    // currently allows it, so beforeCreate is not asserted: create() is the portable path)
    expect(r.kernels).toMatchObject({ simd: true, sharedMemory: true });
    expect(r.kernels.threads).toBeGreaterThan(1);
    expect(r.kernels.chunksOnWorkers).toBeGreaterThan(0);
    expect(r.maxError).toBeLessThan(1e-5);
  }, 60_000);

  it('page without isolation: private wasm memory, one thread, same results', async () => {
    const r = await onMainThread('plain');
    expect(r.isolated).toBe(false);
    expect(r.kernels).toMatchObject({ simd: true, sharedMemory: false, threads: 1 });
    expect(r.maxError).toBeLessThan(1e-5);
  }, 60_000);

  it('inside a Web Worker of an isolated page: the plain constructor, threads, Atomics.wait', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/iso/`);
    const r = (await page.evaluate(
      () =>
        new Promise((resolve) => {
          const w = new Worker('/iso/worker.js', { type: 'module' });
          w.onmessage = (e) => resolve(e.data);
        }),
    )) as Report & { error?: string };
    await page.close();
    expect(r.error).toBeUndefined();
    expect(r.beforeCreate.simd).toBe(true);
    expect(r.kernels).toMatchObject({ simd: true, sharedMemory: true });
    expect(r.kernels.chunksOnWorkers).toBeGreaterThan(0);
    expect(r.maxError).toBeLessThan(1e-5);
  }, 60_000);
});
