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
 * `--lejepa` also times one LeJEPA training step of the README's default run, in Isotropic
 * (bench/lejepa-step.mjs; needs the whole workspace built) and in its tfjs and jax-js ports
 * (bench/lejepa-peers.mjs), with each backbone: cnn_tiny (the README's default) and
 * vit_nano_patch4_28, one table each; `--lejepa-model <name>` times that one alone.
 * `--lejepa-steps` timed steps (6) after a warm-up step, and `--lejepa-cpu-steps` (2) for
 * tfjs-backend-cpu, which takes tens of seconds (ViT) to minutes (cnn_tiny) a step.
 * `--only-lejepa` times that step alone, without the GFLOP/s problems.
 * `--lejepa-ports tfjs-wasm,tfjs-cpu,jax-wasm` runs only the ports named (default all), for
 * the timing and for `--check`. `--tfjs-plain-matmul-grad` times tfjs with its own matmul
 * gradient, `--tfjs-im2col` tfjs-backend-cpu with cnn_tiny's convs as im2col + matmul, not
 * tf.conv2d (lejepa-tfjs.mjs).
 * `--check [--check-steps 5] [--lejepa-model cnn_tiny|vit_nano_patch4_28|all]` runs the ports
 * beside Isotropic from the same parameters and prints their losses (bench/lejepa-check.mjs),
 * instead of timing anything; with cnn_tiny unless told. `--merge <file.json>` keeps
 * the best of every cell across runs in that file and reports the merged table
 * (`--rounds 0 --merge <file> --write` rewrites BENCHMARKS.md from it alone).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { CASES } from './cases.mjs';
import { checkLejepaPorts } from './lejepa-check.mjs';
import { checkModel, DEFAULT_MODEL, MODELS } from './lejepa-common.mjs';
import { measurePeerLejepaSteps, selectPorts } from './lejepa-peers.mjs';
import { measureLejepaSteps } from './lejepa-step.mjs';
import { describeMachine, loadAverage } from './machine.mjs';
import { LEJEPA, METHOD, NOT_MEASURED } from './notes.mjs';
import { lejepaTable, markdownTable } from './report.mjs';
import { loadResults, recordRate, recordStep, saveResults } from './results.mjs';
import { isotropicRunners } from './runners/isotropic.mjs';
import { jaxRunners } from './runners/jax.mjs';
import { tfjsRunners } from './runners/tfjs.mjs';
import { secondsPerCall } from './timing.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = option('--only');
const onlyLejepa = args.includes('--only-lejepa');
const timeLejepa = onlyLejepa || args.includes('--lejepa');
const rounds = onlyLejepa ? 0 : Number(option('--rounds') ?? 3);
const mergeFile = option('--merge');
/** Configurations measured once: the scalar JavaScript kernels. */
const ONE_ROUND = new Set(['isotropic TS (fallback)', 'tfjs-backend-cpu']);
const cases = CASES.filter((c) => !only || c.name.includes(only));
const threads = availableParallelism();
/** `--lejepa-model`: one backbone, a comma-separated list, or 'all'. */
const modelOption = option('--lejepa-model');
const lejepaModels = (fallback) =>
  !modelOption ? fallback : modelOption === 'all' ? MODELS : modelOption.split(',').map(checkModel);
const ports = selectPorts(option('--lejepa-ports'));

if (args.includes('--check')) {
  const steps = Number(option('--check-steps') ?? 5);
  process.exit((await checkLejepaPorts(steps, lejepaModels([DEFAULT_MODEL]), ports)) ? 0 : 1);
}

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

// one LeJEPA training step of the README's default run, per backbone (needs the whole workspace built)
if (timeLejepa) {
  const steps = Number(option('--lejepa-steps') ?? 6);
  const cpuSteps = Number(option('--lejepa-cpu-steps') ?? Math.min(steps, 2));
  const plainMatMulGrad = args.includes('--tfjs-plain-matmul-grad');
  const tfjsIm2col = args.includes('--tfjs-im2col');
  for (const model of lejepaModels(MODELS)) {
    for (const r of await measureLejepaSteps(steps, model)) {
      recordStep(results, model, r.label, r);
      console.error(
        `LeJEPA step ${model} ${r.label.padEnd(28)} median ${r.median.toFixed(0).padStart(6)} ms, best ${r.best.toFixed(0)} (${r.steps} timed)`,
      );
    }
    for (const r of await measurePeerLejepaSteps(steps, {
      model,
      ports,
      cpuSteps,
      plainMatMulGrad,
      tfjsIm2col,
    }))
      recordStep(results, model, r.label, r);
  }
  console.error(`load average after the LeJEPA steps: ${loadAverage()}`);
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

// `--rounds 0` only reports what a --merge file holds (plus the LeJEPA step, if timed)
if (rounds > 0) {
  results.runs++;
  results.rounds += rounds;
  results.loads.push(`${loadBefore} → ${loadAverage()}`);
}
if (rounds > 0 || timeLejepa) saveResults(mergeFile, results);

const labels = [...ours, ...peers].map((r) => r.label);
const gflops = new Map(Object.entries(results.gflops).map(([k, row]) => [k, new Map(Object.entries(row))]));
const table = markdownTable(
  CASES.filter((c) => gflops.has(c.name)),
  labels,
  gflops,
  [ours[2].label, ours[1].label],
  peers.map((p) => p.label),
);
// one table per backbone: the README's default first, then the others, then any unknown to this version
const stepModels = Object.keys(results.lejepa).sort(
  (a, b) => (MODELS.indexOf(a) + 1 || 99) - (MODELS.indexOf(b) + 1 || 99),
);
const stepTable = stepModels
  .filter((model) => Object.keys(results.lejepa[model]).length)
  .map((model) => lejepaTable(model, Object.entries(results.lejepa[model]), ours[2].label))
  .join('\n\n');
// threads are recorded by the GFLOP/s rounds (the LeJEPA labels carry their own)
const threadsLine = labels
  .filter((l) => l in results.threads)
  .map((l) => `${l}: ${results.threads[l]}`)
  .join('; ');
const howMeasured = `Best of ${results.rounds} rounds over ${results.runs} run${results.runs > 1 ? 's' : ''}; load average (1 / 5 / 15 min) before → after each run: ${results.loads.join('; ')}.`;
const gflopTable = gflops.size ? `${howMeasured}\n\n${table}\n\n` : '';
console.log(
  `Machine: ${machine}\n\n${threadsLine ? `Threads: ${threadsLine}\n\n` : ''}${gflopTable}${stepTable}`,
);

if (args.includes('--write')) {
  const url = new URL('../BENCHMARKS.md', import.meta.url);
  const md = [
    '# CPU backend benchmarks',
    `Machine: ${machine}.`,
    ...(threadsLine ? [`Threads: ${threadsLine}.`] : []),
    ...(gflops.size ? [howMeasured, table] : []),
    stepTable ? `## One LeJEPA training step\n\n${LEJEPA}\n\n${stepTable}` : NOT_MEASURED,
    '## Method',
    METHOD,
  ].join('\n\n');
  writeFileSync(url, formatMarkdown(`${md}\n`));
  console.error(`wrote ${url.pathname}`);
}
process.exit(0);
