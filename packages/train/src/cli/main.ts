import { existsSync, writeFileSync } from 'node:fs';
import { listModels, modelInfo } from '@isotropic/models';
import { serializeSafetensors } from '@isotropic/nn';
import { initBackend } from '@isotropic/webgpu';
import { knnAccuracy } from '../knn.js';
import { embedWithEncoder } from '../node/embed-dataset.js';
import { restoreRun } from '../node/restore-run.js';
import { defaultRunOptions, type RunOptions } from '../node/run-options.js';
import { runTraining } from '../node/run-training.js';
import { linearProbe } from '../probe.js';
import { COMMANDS } from './commands.js';
import { type FlagValues, helpText, parseFlags, parseRange, UsageError } from './flags.js';

const USAGE = `Usage: isotropic <command> [flags]

Commands:
  train    LeJEPA pretraining (default: Fashion-MNIST, a small CNN), then evaluation
  eval     frozen linear probe and kNN of a checkpoint
  embed    write a dataset's embeddings to a safetensors file
  models   list the backbones in the registry

Run 'isotropic <command> --help' for its flags.
`;

const pct = (v: number | undefined) => (v === undefined ? 'n/a' : `${(v * 100).toFixed(2)}%`);

function trainOptions(f: FlagValues): Partial<RunOptions> {
  const num = (k: string) => f[k] as number;
  // parseFlags has already rejected malformed ranges
  const range = (k: string) => parseRange(f[k] as string) as [number, number];
  return {
    data: f.data as string,
    model: f.model as string,
    backend: f.backend as RunOptions['backend'],
    epochs: num('epochs'),
    batchSize: num('batch-size'),
    maxSteps: num('max-steps'),
    lr: num('lr'),
    weightDecay: num('weight-decay'),
    warmupSteps: num('warmup-steps'),
    lambda: num('lambda'),
    numSlices: num('slices'),
    centers: f.centers as RunOptions['centers'],
    globalViews: num('global-views'),
    localViews: num('local-views'),
    augment: f.augment as RunOptions['augment'],
    globalScale: range('global-scale'),
    localScale: range('local-scale'),
    globalSize: num('global-size'),
    localSize: num('local-size'),
    projDim: num('proj-dim'),
    projHidden: num('proj-hidden'),
    seed: num('seed'),
    out: f.out as string,
    checkpointEvery: num('checkpoint-every'),
    resume: f.resume === true,
    workers: num('workers'),
    trainLimit: num('train-limit'),
    testLimit: num('test-limit'),
    evalLimit: num('eval-limit'),
    imageSize: num('image-size'),
    baselines: f['no-baselines'] !== true,
    evaluate: f['no-eval'] !== true,
    quiet: f.quiet === true,
  };
}

async function train(f: FlagValues): Promise<void> {
  const s = await runTraining(trainOptions(f));
  console.log(
    `\nLeJEPA pretraining: ${s.steps} steps in ${(s.seconds / 60).toFixed(1)} min, final loss ${s.finalLoss.toFixed(4)}`,
  );
  if (s.probe) {
    console.log('Frozen linear probe, held-out accuracy:');
    console.log(`  LeJEPA encoder        ${pct(s.probe.encoder)}   (kNN k=20: ${pct(s.knn)})`);
    if (s.probe.rawPixels !== undefined) console.log(`  raw pixels            ${pct(s.probe.rawPixels)}`);
    if (s.probe.randomInit !== undefined) console.log(`  random-init encoder   ${pct(s.probe.randomInit)}`);
  }
  console.log(
    `Report: ${s.outDir}/report.html   metrics: ${s.outDir}/metrics.jsonl   checkpoint: ${s.outDir}/checkpoint.safetensors`,
  );
}

/** Checked before any backend starts, so a mistyped path fails at once and quietly. */
function requireCheckpoint(cmd: string, f: FlagValues): string {
  if (typeof f.checkpoint !== 'string')
    throw new UsageError(`isotropic ${cmd}: --checkpoint <file> is required`);
  if (!existsSync(f.checkpoint))
    throw new UsageError(`isotropic ${cmd}: --checkpoint: cannot read '${f.checkpoint}'`);
  return f.checkpoint;
}

async function evaluate(f: FlagValues): Promise<void> {
  const path = requireCheckpoint('eval', f);
  await initBackend(f.backend as RunOptions['backend'], { logger: f.quiet ? null : undefined });
  const { model, data, options } = await restoreRun(path, {
    data: f.data === defaultRunOptions.data ? undefined : (f.data as string),
    trainLimit: f['train-limit'] as number,
    testLimit: f['test-limit'] as number,
  });
  const eo = { size: options.globalSize || data.size, stats: data.stats };
  const tr = await embedWithEncoder(model.backbone, data.train, eo);
  const te = await embedWithEncoder(model.backbone, data.test, eo);
  const probe = await linearProbe(tr.embeddings, tr.labels, te.embeddings, te.labels);
  const knn = await knnAccuracy(tr.embeddings, tr.labels, te.embeddings, te.labels);
  console.log(
    `${options.model} on ${data.name}: linear probe ${pct(probe.testAccuracy)} (train ${pct(probe.trainAccuracy)}), kNN k=20 ${pct(knn)}`,
  );
}

async function embed(f: FlagValues): Promise<void> {
  const path = requireCheckpoint('embed', f);
  await initBackend(f.backend as RunOptions['backend'], { logger: f.quiet ? null : undefined });
  const limit = f.limit as number;
  const { model, data, options } = await restoreRun(path, {
    data: f.data === defaultRunOptions.data ? undefined : (f.data as string),
    trainLimit: f.split === 'train' ? limit : undefined,
    testLimit: f.split === 'test' ? limit : undefined,
  });
  const set = f.split === 'train' ? data.train : data.test;
  const e = await embedWithEncoder(model.backbone, set, {
    size: options.globalSize || data.size,
    stats: data.stats,
  });
  const bytes = await serializeSafetensors(
    { embeddings: e.embeddings, labels: e.labels },
    { model: options.model, data: data.name, split: String(f.split) },
  );
  writeFileSync(f.output as string, new Uint8Array(bytes));
  console.log(`wrote ${e.embeddings.shape[0]} embeddings of size ${e.embeddings.shape[1]} to ${f.output}`);
}

function models(f: FlagValues): void {
  for (const name of listModels(f.filter as string | undefined)) {
    const info = modelInfo(name);
    console.log(`${name.padEnd(32)} ${info.timm ? `timm: ${info.timm}` : ''}`);
  }
}

/** Runs the CLI; returns the exit code. User mistakes print one line, never a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name as keyof typeof COMMANDS];
  if (!cmd) {
    process.stderr.write(
      `isotropic: unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')})\n`,
    );
    return 2;
  }
  try {
    const f = parseFlags(cmd, rest);
    if (f.help) {
      process.stdout.write(helpText(cmd));
      return 0;
    }
    if (name === 'train') await train(f);
    else if (name === 'eval') await evaluate(f);
    else if (name === 'embed') await embed(f);
    else models(f);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    // one line for the user; the stack only on request
    const err = e as Error;
    process.stderr.write(`isotropic ${name}: ${err.message}\n`);
    if (process.env.ISOTROPIC_DEBUG) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
