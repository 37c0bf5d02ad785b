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
 * (bench/lejepa-step.mjs; needs the whole workspace built). `--merge <file.json>` keeps
 * the best of every cell across runs in that file and reports the merged table
 * (`--rounds 0 --merge <file> --write` rewrites BENCHMARKS.md from it alone).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { CASES } from './cases.mjs';
import { measureLejepaSteps } from './lejepa-step.mjs';
import { describeMachine, loadAverage } from './machine.mjs';
import { LEJEPA, METHOD, NOT_MEASURED } from './notes.mjs';
import { markdownTable } from './report.mjs';
import { loadResults, recordRate, recordStep, saveResults } from './results.mjs';
import { isotropicRunners } from './runners/isotropic.mjs';
import { jaxRunners } from './runners/jax.mjs';
import { tfjsRunners } from './runners/tfjs.mjs';
import { secondsPerCall } from './timing.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = option('--only');
const rounds = Number(option('--rounds') ?? 3);
const mergeFile = option('--merge');
/** Configurations measured once: the scalar JavaScript kernels. */
const ONE_ROUND = new Set(['isotropic TS (fallback)', 'tfjs-backend-cpu']);
const cases = CASES.filter((c) => !only || c.name.includes(only));
const threads = availableParallelism();

const machine = describeMachine();
const results = loadResults(mergeFile);
const loadBefore = loadAverage();
console.error(`machine: ${machine}\nload average (1/5/15 min): ${loadBefore}`);

const ours = isotropicRunners(threads);
const peers = [...(await tfjsRunners()), ...(await jaxRunners())];

for (let round = 1; round <= rounds; round++) {
  for (const runner of [...ours, ...peers]) {
    if (round > 1 && ONE_ROUND.has(runner.label)) continue;
    const info = await runner.activate();
    results.threads[runner.label] = info.threads;
    for (const c of cases) {
      const handle = runner.setup(c.spec);
      const seconds = await secondsPerCall(handle.run, { batches: 3 });
      handle.dispose();
      const rate = c.flops / seconds / 1e9;
      recordRate(results, c.name, runner.label, rate);
      console.error(
        `round ${round} ${runner.label.padEnd(28)} ${c.name.padEnd(40)} ${rate.toFixed(1).padStart(7)} GFLOP/s`,
      );
    }
  }
}

// one LeJEPA training step of the README's default run (needs the whole workspace built)
if (args.includes('--lejepa')) {
  for (const r of await measureLejepaSteps(Number(option('--lejepa-steps') ?? 6)))
    recordStep(results, r.label, r);
}
/** The repository's formatter (biome) aligns markdown tables; without it, the text as is. */
function formatMarkdown(md) {
  const biome = new URL('../../../node_modules/.bin/biome', import.meta.url).pathname;
  try {
    return execFileSync(biome, ['format', '--stdin-file-path=BENCHMARKS.md'], {
      input: md,
      encoding: 'utf8',
    });
  } catch {
    return md;
  }
}

// `--rounds 0` only reports what a --merge file holds
if (rounds > 0) {
  results.runs++;
  results.rounds += rounds;
  results.loads.push(`${loadBefore} → ${loadAverage()}`);
  saveResults(mergeFile, results);
}

const labels = [...ours, ...peers].map((r) => r.label);
const gflops = new Map(Object.entries(results.gflops).map(([k, row]) => [k, new Map(Object.entries(row))]));
const table = markdownTable(
  CASES.filter((c) => gflops.has(c.name)),
  labels,
  gflops,
  [ours[2].label, ours[1].label],
  peers.map((p) => p.label),
);
const steps = Object.entries(results.lejepa);
const lejepa = steps.length
  ? [
      '| LeJEPA step, vit_nano_patch4_28, 64 images × 6 views | median ms | best ms | images/s |',
      '| --- | ---: | ---: | ---: |',
      ...steps.map(
        ([label, t]) =>
          `| ${label} | ${t.median.toFixed(0)} | ${t.best.toFixed(0)} | ${((64 / t.median) * 1000).toFixed(0)} |`,
      ),
    ].join('\n')
  : '';
const threadsLine = labels.map((l) => `${l}: ${results.threads[l]}`).join('; ');
const howMeasured = `Best of ${results.rounds} rounds over ${results.runs} run${results.runs > 1 ? 's' : ''}; load average (1 / 5 / 15 min) before → after each run: ${results.loads.join('; ')}.`;
console.log(`Machine: ${machine}\n\nThreads: ${threadsLine}\n\n${howMeasured}\n\n${table}\n\n${lejepa}`);

if (args.includes('--write')) {
  const url = new URL('../BENCHMARKS.md', import.meta.url);
  const md = [
    '# CPU backend benchmarks',
    `Machine: ${machine}.`,
    `Threads: ${threadsLine}.`,
    howMeasured,
    table,
    lejepa ? `## One LeJEPA training step\n\n${LEJEPA}\n\n${lejepa}` : NOT_MEASURED,
    '## Method',
    METHOD,
  ].join('\n\n');
  writeFileSync(url, formatMarkdown(`${md}\n`));
  console.error(`wrote ${url.pathname}`);
}
process.exit(0);
