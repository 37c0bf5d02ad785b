/**
 * The example for real: builds the page with Vite, serves it on 127.0.0.1, and drives
 * Debian's Chromium (playwright-core, never a downloaded browser) through a short
 * training run on the built-in sample: the loss must fall, Stop must end the run, the
 * download must be a safetensors file naming the encoder's tensors, and the page must
 * not request anything but its own files.
 *
 * Backends: headless Chromium's only WebGPU adapter is SwiftShader, a software rasteriser
 * (about 6 s a step here, on a machine shared with other jobs), so the main run, which
 * needs a couple of dozen steps to show the loss falling, uses the CPU backend
 * (`?backend=cpu`, a fraction of a second a step): that is what keeps the test robust.
 * WebGPU is still exercised: the page must report what `initBackend('auto')` picked, and
 * when Chromium offers an adapter a short WebGPU run must reproduce the CPU run's first
 * losses (same seed, same batches) and download its encoder (read back from the GPU).
 * Without an adapter that part is skipped, saying why.
 *
 * Environment: ISOTROPIC_CHROMIUM_PATH (default /usr/bin/chromium; the test is skipped
 * when it is absent), ISOTROPIC_CHROMIUM_FLAGS (extra flags), and
 * ISOTROPIC_BROWSER_TRAIN_SCREENSHOT=<file.png> to save a screenshot taken mid-training.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from './png.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.ISOTROPIC_CHROMIUM_PATH || '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SCREENSHOT = process.env.ISOTROPIC_BROWSER_TRAIN_SCREENSHOT;
const FLAGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  ...(process.env.ISOTROPIC_CHROMIUM_FLAGS ?? '').split(/\s+/).filter(Boolean),
];
/** CPU steps before pressing Stop; the run is configured for more, so Stop is what ends it. */
const CPU_STEPS = 24;
/** WebGPU (SwiftShader) steps: the first compiles the kernels (~20 s), each is ~6 s. */
const GPU_STEPS = 2;

/** Skipped, with the reason in its name and on stderr, when there is no browser to drive. */
const SKIP_REASON = HAVE_CHROMIUM
  ? undefined
  : `no Chromium at ${CHROMIUM} (install it with scripts/install-system-deps.sh, or set ISOTROPIC_CHROMIUM_PATH)`;
const SUITE = SKIP_REASON
  ? `browser-train example: SKIPPED, ${SKIP_REASON}`
  : 'browser-train example in headless Chromium';
if (SKIP_REASON) console.warn(`[browser-train test] skipped: ${SKIP_REASON}`);

interface StepRecord {
  step: number;
  loss: number;
  sim: number;
  sigreg: number;
  probeAccuracy?: number;
  ms: number;
}

interface PageProbe {
  state: string;
  backend: string | null;
  backendKind: string | null;
  data: string | null;
  steps: StepRecord[];
  paramNames: string[];
  embeddingUpdates: number;
  stoppedAfter: number | null;
  error: string | null;
}

interface SafetensorsHeader {
  tensors: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  metadata: Record<string, string>;
  /** Bytes after the header that the tensors cover; must be the rest of the file. */
  dataBytes: number;
  fileBytes: number;
}

/** Parses a safetensors file's header (8-byte little-endian size, then JSON). */
function parseSafetensors(bytes: Buffer): SafetensorsHeader {
  const size = Number(bytes.readBigUInt64LE(0));
  if (size < 2 || 8 + size > bytes.length) throw new Error(`bad safetensors header size ${size}`);
  const { __metadata__: metadata = {}, ...tensors } = JSON.parse(
    bytes.subarray(8, 8 + size).toString('utf8'),
  );
  let end = 0;
  for (const t of Object.values(tensors as SafetensorsHeader['tensors']))
    end = Math.max(end, t.data_offsets[1]);
  return { tensors, metadata, dataBytes: 8 + size + end, fileBytes: bytes.length };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.isoimg': 'application/octet-stream',
  '.svg': 'image/svg+xml',
};

/** A static server for the built page, on 127.0.0.1 only (a secure context, as WebGPU needs). */
function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      // as vite dev / preview serve it: cross-origin isolated, for threaded CPU kernels
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () =>
      ok({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    );
  });
}

/**
 * A folder as a user would pick it: two class sub-folders of 12 small PNGs each
 * (stripes and rings, 40 x 36 px so that they get resized), a text file that is
 * ignored and a corrupt PNG that is skipped with a warning.
 */
function writeImageFolder(parent: string): string {
  const root = join(parent, 'my-photos');
  const size = { w: 40, h: 36 };
  for (const cls of ['rings', 'stripes']) {
    mkdirSync(join(root, cls), { recursive: true });
    for (let i = 0; i < 12; i++) {
      const rgb = new Uint8Array(size.w * size.h * 3);
      for (let y = 0; y < size.h; y++) {
        for (let x = 0; x < size.w; x++) {
          const r = Math.hypot(x - size.w / 2, y - size.h / 2);
          const on =
            cls === 'rings' ? Math.floor(r / (2 + (i % 3))) % 2 === 0 : Math.floor((y + i) / 3) % 2 === 0;
          rgb.set(on ? [230, 40 + 15 * i, 60] : [20, 30, 200 - 10 * i], (y * size.w + x) * 3);
        }
      }
      writeFileSync(join(root, cls, `${cls}-${i}.png`), encodePng(size.w, size.h, rgb));
    }
  }
  writeFileSync(join(root, 'rings', 'broken.png'), 'not a png');
  writeFileSync(join(root, 'notes.txt'), 'not an image');
  return root;
}

/** Mean of the first and of the last `n` losses. */
function ends(steps: readonly StepRecord[], n: number): { first: number; last: number } {
  const mean = (xs: readonly StepRecord[]) => xs.reduce((a, s) => a + s.loss, 0) / xs.length;
  return { first: mean(steps.slice(0, n)), last: mean(steps.slice(-n)) };
}

describe.skipIf(!HAVE_CHROMIUM)(SUITE, () => {
  let outDir = '';
  let userDataDir = '';
  let server: Server | undefined;
  let origin = '';
  let context: BrowserContext | undefined;
  let page: Page;
  let autoBackend: string | null = null;
  let cpuSteps: StepRecord[] = [];
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];

  const probe = () => page.evaluate(() => (window as unknown as { __isotropic: PageProbe }).__isotropic);

  beforeAll(async () => {
    const { makeSample } = await import('../scripts/make-sample.mjs');
    makeSample({ log: () => {} });
    outDir = mkdtempSync(join(tmpdir(), 'isotropic-browser-train-dist-'));
    const { build } = await import('vite');
    await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
    ({ server, origin } = await serve(outDir));

    const { chromium } = await import('playwright-core');
    userDataDir = mkdtempSync(join(tmpdir(), 'isotropic-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      timeout: 60_000,
      acceptDownloads: true,
      viewport: { width: 1120, height: 1000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(60_000);
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'))
        foreignRequests.push(url);
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) pageErrors.push(`HTTP ${r.status()} for ${r.url()}`);
    });
    page.on('console', (m) => {
      // failed loads are reported (with their URL) by the response handler
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        pageErrors.push(`console: ${m.text()}`);
    });
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    for (const dir of [outDir, userDataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Waits until `n` steps ran (or the page failed), polling the page. */
  async function waitForSteps(n: number, timeout: number): Promise<void> {
    await page.waitForFunction(
      (want) => {
        const p = (window as unknown as { __isotropic: PageProbe }).__isotropic;
        return p.steps.length >= want || p.state === 'error';
      },
      n,
      { timeout, polling: 250 },
    );
    expect((await probe()).error).toBeNull();
  }

  /** Clicks Stop; returns the page's record once the run has ended. */
  async function stop(): Promise<PageProbe> {
    expect(await page.getAttribute('body', 'data-state')).toBe('training');
    await page.click('#stop');
    await page.waitForFunction(
      () =>
        ['stopped', 'error'].includes((window as unknown as { __isotropic: PageProbe }).__isotropic.state),
      undefined,
      { timeout: 120_000 },
    );
    const p = await probe();
    expect(p.error).toBeNull();
    expect(p.state).toBe('stopped');
    // Stop takes effect after the step in progress (the page handles the click between steps)
    expect(p.steps.length).toBeLessThanOrEqual(p.stoppedAfter! + 1);
    expect(p.steps.map((s) => s.step)).toEqual(p.steps.map((_, i) => i));
    for (const s of p.steps) for (const v of [s.loss, s.sim, s.sigreg]) expect(Number.isFinite(v)).toBe(true);
    return p;
  }

  /** Clicks Download; checks the file is the encoder's state dict as safetensors. */
  async function download(p: PageProbe): Promise<SafetensorsHeader> {
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.click('#download'),
    ]);
    expect(file.suggestedFilename()).toMatch(/\.safetensors$/);
    const st = parseSafetensors(readFileSync(await file.path()));
    const names = Object.keys(st.tensors).sort();
    expect(names).toEqual([...p.paramNames].sort());
    expect(names).toEqual(expect.arrayContaining(['patch_embed.proj.weight', 'cls_token', 'pos_embed']));
    expect(names.some((n) => n.startsWith('projector.') || n.startsWith('probe.'))).toBe(false);
    for (const t of Object.values(st.tensors)) {
      expect(t.dtype).toBe('F32');
      expect(t.data_offsets[1] - t.data_offsets[0]).toBe(4 * t.shape.reduce((a, b) => a * b, 1));
    }
    expect(st.dataBytes).toBe(st.fileBytes);
    expect(st.metadata['isotropic.model']).toBe('vit_tiny_patch4_28');
    expect(Number(st.metadata['isotropic.step'])).toBe(p.steps.length);
    return st;
  }

  it('shows the backend initBackend("auto") picks', async () => {
    // the page initialises the backend chosen in the form as soon as it loads
    await page.goto(`${origin}/?backend=auto`, { waitUntil: 'load' });
    await page.waitForFunction(
      () => {
        const p = (window as unknown as { __isotropic: PageProbe }).__isotropic;
        return p.backend !== null || p.error !== null;
      },
      undefined,
      { timeout: 60_000 },
    );
    const p = await probe();
    expect(p.error).toBeNull();
    // WebGPU (SwiftShader here) where Chromium offers an adapter, else the CPU fallback
    expect(p.backend).toMatch(/^backend: (webgpu on .+|cpu \(WebGPU unavailable: .+\))$/);
    expect(await page.textContent('#backend')).toBe(p.backend!.replace(/^backend: /, ''));
    autoBackend = p.backend;
    console.info(`[browser-train test] auto picked: ${p.backend}`);
  });

  it('trains on the sample (CPU backend): the loss falls, Stop ends the run, the encoder downloads', async () => {
    const t0 = Date.now();
    await page.goto(`${origin}/?backend=cpu&steps=400&embedEvery=8`, { waitUntil: 'load' });
    expect(await page.getAttribute('body', 'data-state')).toBe('idle');
    await page.check('#source-sample');
    await page.click('#start');
    await waitForSteps(CPU_STEPS / 2, 150_000);
    if (SCREENSHOT) {
      await page.waitForFunction(
        () => (window as unknown as { __isotropic: PageProbe }).__isotropic.embeddingUpdates > 0,
        undefined,
        { timeout: 120_000 },
      );
      await page.screenshot({ path: resolve(ROOT, SCREENSHOT), fullPage: true });
    }
    await waitForSteps(CPU_STEPS, 150_000);
    const p = await stop();
    expect(p.backendKind).toBe('cpu');
    expect(p.stoppedAfter).toBeGreaterThanOrEqual(CPU_STEPS);
    const { first, last } = ends(p.steps, 4);
    console.info(
      `[browser-train test] ${p.steps.length} steps on ${p.backend}: loss ${first.toFixed(4)} -> ${last.toFixed(4)} ` +
        `(mean of the first / last 4), ${Math.round(p.steps.reduce((a, s) => a + s.ms, 0) / p.steps.length)} ms/step, ` +
        `${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    expect(last).toBeLessThan(first * 0.97);
    expect(p.steps.at(-1)!.probeAccuracy).toBeTypeOf('number');
    expect(p.embeddingUpdates).toBeGreaterThan(0);
    expect(await page.locator('#chart-loss svg polyline').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-embedding svg circle').count()).toBe(500);
    await download(p);
    cpuSteps = p.steps;
    // Privacy: nothing but the page's own files was requested
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('trains on a folder of your own images (<input webkitdirectory>)', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'isotropic-images-'));
    try {
      const folder = writeImageFolder(parent);
      await page.goto(`${origin}/?backend=cpu&steps=3&embedEvery=0&globalSize=32`, { waitUntil: 'load' });
      await page.setInputFiles('#folder-input', folder);
      expect(await page.isChecked('#source-folder')).toBe(true);
      await page.click('#start');
      await page.waitForFunction(
        () => ['done', 'error'].includes((window as unknown as { __isotropic: PageProbe }).__isotropic.state),
        undefined,
        { timeout: 120_000 },
      );
      const p = await probe();
      expect(p.error).toBeNull();
      expect(p.state).toBe('done');
      expect(p.data).toBe('my-photos (24 images, 2 classes)');
      expect(p.steps.length).toBe(3);
      expect(p.steps.at(-1)!.probeAccuracy).toBeTypeOf('number');
      expect(await page.textContent('#data-status')).toContain('1 unreadable file skipped');
      // a fifth of the images is held out for the embedding plot
      expect(await page.locator('#chart-embedding svg circle').count()).toBe(5);
      const st = await download(p);
      expect(st.tensors['patch_embed.proj.weight']!.shape).toEqual([64, 3, 4, 4]);
      expect(foreignRequests).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('trains on WebGPU when Chromium offers an adapter: same first losses as on the CPU', async (ctx) => {
    if (!autoBackend?.startsWith('backend: webgpu')) {
      ctx.skip(`no WebGPU adapter in this Chromium (auto picked: ${autoBackend ?? 'nothing'})`);
      return;
    }
    const t0 = Date.now();
    await page.goto(`${origin}/?backend=webgpu&steps=400&embedEvery=0`, { waitUntil: 'load' });
    await page.click('#start');
    await waitForSteps(GPU_STEPS, 240_000);
    const p = await stop();
    expect(p.backendKind).toBe('webgpu');
    // same seed, same batches, same initial weights; step 0 has lr 0 (warmup), so step 1 uses them too
    expect(cpuSteps.length).toBeGreaterThanOrEqual(GPU_STEPS);
    // (float32 on both; the kernels sum in different orders)
    const near = (a: number, b: number) => Math.abs(a - b) <= 3e-3 * Math.abs(b);
    for (let i = 0; i < GPU_STEPS; i++) {
      const [gpu, cpu] = [p.steps[i]!, cpuSteps[i]!];
      expect(near(gpu.loss, cpu.loss), `step ${i} loss: webgpu ${gpu.loss}, cpu ${cpu.loss}`).toBe(true);
      expect(near(gpu.sigreg, cpu.sigreg), `step ${i} sigreg: webgpu ${gpu.sigreg}, cpu ${cpu.sigreg}`).toBe(
        true,
      );
    }
    await download(p);
    console.info(
      `[browser-train test] ${p.steps.length} steps on ${p.backend}: losses ${p.steps.map((s) => s.loss.toFixed(4)).join(', ')} ` +
        `(CPU: ${cpuSteps
          .slice(0, p.steps.length)
          .map((s) => s.loss.toFixed(4))
          .join(', ')}), ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
