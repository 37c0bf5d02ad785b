/**
 * `pnpm bench` (packages/webgpu): matmul GFLOP/s and softmax / layer norm GB/s
 * of this backend next to @tensorflow/tfjs-backend-webgpu and @jax-js/jax, in
 * one run, on the same WebGPU adapter (Node + Dawn). Prints a markdown table
 * for docs/benchmarks.md.
 *
 *   pnpm bench                      # everything, 2048^2 matmul included
 *   pnpm bench -- --quick           # skip 2048^2 (slow on software adapters)
 *   pnpm bench -- --only=isotropic  # one library (isotropic, tfjs, jax)
 *   pnpm bench -- --cases=softmax   # only cases whose name contains the text
 */
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isotropicLib, jaxLib, type Lib, tfjsLib } from './libs.js';
import { type Case, timeCase } from './measure.js';

interface Row {
  readonly what: string;
  readonly unit: 'GFLOP/s' | 'GB/s';
  /** Work per evaluation: flops, or bytes moved (input read + output written). */
  readonly work: number;
  readonly make: (lib: Lib) => Case;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const casesFilter = args.find((a) => a.startsWith('--cases='))?.slice('--cases='.length);

const rows: Row[] = [];
for (const n of quick ? [256, 512, 1024] : [256, 512, 1024, 2048]) {
  rows.push({
    what: `matmul ${n}x${n} @ ${n}x${n}`,
    unit: 'GFLOP/s',
    work: 2 * n ** 3,
    make: (l) => l.matmul([n, n], [n, n]),
  });
}
rows.push(
  {
    what: 'matmul ViT-S MLP 8x197x384 @ 384x1536',
    unit: 'GFLOP/s',
    work: 2 * 8 * 197 * 384 * 1536,
    make: (l) => l.matmul([8, 197, 384], [384, 1536]),
  },
  {
    what: 'matmul ViT-S MLP out 8x197x1536 @ 1536x384',
    unit: 'GFLOP/s',
    work: 2 * 8 * 197 * 1536 * 384,
    make: (l) => l.matmul([8, 197, 1536], [1536, 384]),
  },
  {
    what: 'matmul attention 48x197x64 @ 48x64x197',
    unit: 'GFLOP/s',
    work: 2 * 48 * 197 * 64 * 197,
    make: (l) => l.matmul([48, 197, 64], [48, 64, 197]),
  },
  {
    what: 'softmax 8x6x197x197 (last axis)',
    unit: 'GB/s',
    work: 2 * 4 * 8 * 6 * 197 * 197,
    make: (l) => l.softmax([8, 6, 197, 197]),
  },
  {
    what: 'layer norm 8x197x384 (+ weight, bias)',
    unit: 'GB/s',
    work: 2 * 4 * 8 * 197 * 384,
    make: (l) => l.layerNorm([8, 197, 384]),
  },
);

async function main(): Promise<void> {
  if (!process.env.XDG_RUNTIME_DIR)
    process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'isotropic-xdg-'));
  const { create, globals } = (await import('webgpu')) as { create(o: string[]): GPU; globals: object };
  // tfjs and jax-js look for navigator.gpu and the GPU* constants on globalThis.
  Object.assign(globalThis, globals);
  const gpu = create([]);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node' }, configurable: true });
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter: see packages/webgpu/README.md (lavapipe)');
  const adapterName = [adapter.info.vendor, adapter.info.architecture, adapter.info.description]
    .filter(Boolean)
    .join(' / ');

  const libs: Lib[] = [];
  const wanted = (name: string) => !only || only === name;
  if (wanted('isotropic')) libs.push(await isotropicLib(gpu));
  if (wanted('tfjs')) libs.push(await tfjsLib());
  if (wanted('jax')) libs.push(await jaxLib());

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ');
  const loadBefore = load();
  const header = ['case', ...libs.map((l) => l.name.replace(/ \(.*\)$/, ''))];
  if (libs.length > 1) header.push(...libs.slice(1).map((l) => `isotropic / ${l.name.split(' ')[0]}`));
  const table: string[][] = [];
  for (const row of rows.filter((r) => !casesFilter || r.what.includes(casesFilter))) {
    const rates: number[] = [];
    for (const lib of libs) {
      const c = row.make(lib);
      try {
        const t = await timeCase(c);
        rates.push(row.work / t.seconds / 1e9);
      } catch (error) {
        console.error(`${lib.name} failed on ${row.what}: ${(error as Error).message}`);
        rates.push(Number.NaN);
      } finally {
        c.close();
      }
    }
    const cells = [
      `${row.what} (${row.unit})`,
      ...rates.map((r) => (Number.isNaN(r) ? 'n/a' : r.toFixed(2))),
    ];
    if (libs.length > 1) cells.push(...rates.slice(1).map((r) => `${(rates[0]! / r).toFixed(2)}x`));
    table.push(cells);
    console.error(`done: ${cells.join(' | ')}`);
  }
  // Other processes on a shared machine slow every library alike; the load says how much.
  console.log(`\nAdapter: ${adapterName}\nHost: ${cpus().length} x ${cpu}, Node ${process.version}`);
  console.log(`Load average (1 / 5 / 15 min) before -> after: ${loadBefore} -> ${load()}\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
  for (const r of table) console.log(`| ${r.join(' | ')} |`);
  process.exit(0);
}

await main();
