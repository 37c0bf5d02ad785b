/**
 * `pnpm bench`: GFLOP/s of f32 matmul and conv2d on this package's CPU backend
 * (TypeScript fallback, wasm SIMD on 1 and N threads) side by side with
 * tfjs-backend-wasm, tfjs-backend-cpu and jax-js's wasm backend, in one process,
 * against the built package (dist). Prints a markdown table; `--write` also
 * writes it to BENCHMARKS.md. `--only <substring>` runs matching problems only.
 *
 * The machine may be shared, so every fast configuration is measured in several
 * rounds (`--rounds`, default 3) that go through all libraries in turn, and each
 * cell keeps its best round: a burst of someone else's load then costs a round,
 * not a library. The scalar JavaScript kernels (over 10x behind) get one round.
 * `--lejepa` also times one LeJEPA training step of the README's default run
 * (bench/lejepa-step.mjs; needs the whole workspace built).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { CASES } from './cases.mjs';
import { measureLejepaSteps } from './lejepa-step.mjs';
import { describeMachine, loadAverage } from './machine.mjs';
import { LEJEPA, METHOD, NOT_MEASURED } from './notes.mjs';
import { markdownTable } from './report.mjs';
import { isotropicRunners } from './runners/isotropic.mjs';
import { jaxRunners } from './runners/jax.mjs';
import { tfjsRunners } from './runners/tfjs.mjs';
import { secondsPerCall } from './timing.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = option('--only');
const rounds = Number(option('--rounds') ?? 3);
/** Configurations measured once: the scalar JavaScript kernels. */
const ONE_ROUND = new Set(['isotropic TS (fallback)', 'tfjs-backend-cpu']);
const cases = CASES.filter((c) => !only || c.name.includes(only));
const threads = availableParallelism();

const machine = describeMachine();
const loadBefore = loadAverage();
console.error(`machine: ${machine}\nload average (1/5/15 min): ${loadBefore}`);

const ours = isotropicRunners(threads);
const peers = [...(await tfjsRunners()), ...(await jaxRunners())];
const gflops = new Map(cases.map((c) => [c.name, new Map()]));
const threadInfo = new Map();

for (let round = 1; round <= rounds; round++) {
  for (const runner of [...ours, ...peers]) {
    if (round > 1 && ONE_ROUND.has(runner.label)) continue;
    const info = await runner.activate();
    threadInfo.set(runner.label, info.threads);
    for (const c of cases) {
      const handle = runner.setup(c.spec);
      const seconds = await secondsPerCall(handle.run, { batches: 3 });
      handle.dispose();
      const rate = c.flops / seconds / 1e9;
      const row = gflops.get(c.name);
      row.set(runner.label, Math.max(row.get(runner.label) ?? 0, rate));
      console.error(
        `round ${round} ${runner.label.padEnd(28)} ${c.name.padEnd(40)} ${rate.toFixed(1).padStart(7)} GFLOP/s`,
      );
    }
  }
}

// one LeJEPA training step of the README's default run (needs the whole workspace built)
let lejepa = '';
if (args.includes('--lejepa')) {
  const rows = await measureLejepaSteps(Number(option('--lejepa-steps') ?? 6));
  lejepa = [
    '| LeJEPA step, vit_nano_patch4_28, 64 images × 6 views | median ms | best ms | images/s |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.median.toFixed(0)} | ${r.best.toFixed(0)} | ${((64 / r.median) * 1000).toFixed(0)} |`,
    ),
  ].join('\n');
  console.error(lejepa);
}

const labels = [...ours, ...peers].map((r) => r.label);
const table = markdownTable(
  cases,
  labels,
  gflops,
  [ours[2].label, ours[1].label],
  peers.map((p) => p.label),
);
const loadAfter = loadAverage();
const threadsLine = labels.map((l) => `${l}: ${threadInfo.get(l)}`).join('; ');
console.log(
  `Machine: ${machine}\n\nThreads: ${threadsLine}\n\nLoad average before / after: ${loadBefore} → ${loadAfter}\n\n${table}`,
);

if (args.includes('--write')) {
  const url = new URL('../BENCHMARKS.md', import.meta.url);
  const md = [
    '# CPU backend benchmarks',
    `Machine: ${machine}.`,
    `Threads: ${threadsLine}.`,
    `Best of ${rounds} rounds; load average (1 / 5 / 15 min) before → after: ${loadBefore} → ${loadAfter}.`,
    table,
    '## Method',
    METHOD,
    lejepa ? `## One LeJEPA training step\n\n${LEJEPA}\n\n${lejepa}` : NOT_MEASURED,
  ].join('\n\n');
  writeFileSync(url, `${md}\n`);
  console.error(`wrote ${url.pathname}`);
}
process.exit(0);
