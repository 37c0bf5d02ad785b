import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createLoader,
  createWorkerLoader,
  type Loader,
  type LoaderState,
  lejepaViewTransforms,
  lightViewTransforms,
  multiCrop,
  type TransformSpec,
} from '@isotropic/data/node';
import { batchToTensors } from '@isotropic/data/tensor';
import { writeFileAtomic } from '@isotropic/nn/node';
import { memory, type Tensor, ValueError } from '@isotropic/tensor';
import { Trainer } from '../core/trainer.js';
import { knnAccuracy } from '../knn.js';
import { pca2d } from '../pca.js';
import { linearProbe } from '../probe.js';
import { buildEncoder, buildLejepaModel } from './build-model.js';
import { type EmbedOptions, embedDataset, embedWithEncoder, pixelEmbed } from './embed-dataset.js';
import { MetricsLog } from './metrics-log.js';
import { evenlySpaced, openData } from './open-data.js';
import { pickTrainingBackend } from './pick-backend.js';
import { ProgressBar } from './progress.js';
import { defaultRunOptions, type RunOptions } from './run-options.js';
import { writeReport } from './write-report.js';

export interface RunSummary {
  steps: number;
  finalLoss: number;
  /** Frozen linear-probe test accuracy of the trained encoder and of the baselines. */
  probe?: { encoder: number; rawPixels?: number; randomInit?: number };
  knn?: number;
  outDir: string;
  seconds: number;
}

const CHECKPOINT = 'checkpoint.safetensors';

function say(o: RunOptions, line: string): void {
  if (!o.quiet) process.stderr.write(`${line}\n`);
}

// keyed by the option's type, so a recipe added to AUGMENT_RECIPES without a transform list fails to compile
const RECIPES: Record<RunOptions['augment'], () => TransformSpec[]> = {
  lejepa: lejepaViewTransforms,
  light: lightViewTransforms,
};

function viewTransforms(augment: RunOptions['augment']) {
  const recipe = Object.hasOwn(RECIPES, augment) ? RECIPES[augment] : undefined;
  if (!recipe) {
    throw new ValueError(
      `runTraining: augment must be ${Object.keys(RECIPES).join(' or ')}, got ${JSON.stringify(augment)}`,
    );
  }
  return recipe();
}

/**
 * LeJEPA pretraining from the command line or a script: opens the data, builds
 * the encoder, projector and online probe, trains with checkpoints every N
 * steps (atomic; `resume` continues a killed run exactly), logs metrics as
 * JSONL, evaluates with a frozen linear probe and kNN against two baselines,
 * and writes an HTML report. Returns the summary it also prints.
 */
export async function runTraining(options: Partial<RunOptions> = {}): Promise<RunSummary> {
  const o: RunOptions = { ...defaultRunOptions, ...options };
  const t0 = performance.now();
  await pickTrainingBackend(o.backend, o.quiet);
  const data = await openData(o.data, {
    trainLimit: o.trainLimit || undefined,
    testLimit: o.testLimit || undefined,
    imageSize: o.imageSize,
  });
  const globalSize = o.globalSize || data.size;
  const localSize = o.localSize || Math.max(8, Math.round(data.size / 2));
  const model = buildLejepaModel(o, data);
  const encoder = model.backbone;
  const views = multiCrop({
    globalSize,
    localSize,
    globalViews: o.globalViews,
    localViews: o.localViews,
    globalScale: o.globalScale,
    localScale: o.localScale,
    transforms: viewTransforms(o.augment),
    normalize: data.stats,
  });
  const batchesPerEpoch = Math.floor(data.train.length / o.batchSize);
  if (batchesPerEpoch < 1)
    throw new ValueError(
      `--batch-size ${o.batchSize} is larger than the ${data.train.length} training images`,
    );
  const totalSteps =
    o.maxSteps > 0 ? Math.min(o.maxSteps, o.epochs * batchesPerEpoch) : o.epochs * batchesPerEpoch;
  const trainer = new Trainer(model, {
    lambda: o.lambda,
    numSlices: o.numSlices,
    centers: o.centers,
    lr: o.lr,
    weightDecay: o.weightDecay,
    // short runs warm up for a tenth of their steps, not the whole run
    warmupSteps: Math.min(o.warmupSteps, Math.max(1, Math.round(totalSteps / 10))),
    totalSteps,
    finalLrRatio: 0.01,
    clipGradNorm: 0,
    seed: o.seed,
  });

  const checkpointPath = join(o.out, CHECKPOINT);
  const log = new MetricsLog(join(o.out, 'metrics.jsonl'));
  let resumeState: LoaderState | undefined;
  if (o.resume && existsSync(checkpointPath)) {
    const meta = trainer.restore(new Uint8Array(readFileSync(checkpointPath)));
    resumeState = JSON.parse(meta['isotropic.loader'] ?? 'null') ?? undefined;
    log.truncateAfter(trainer.step - 1);
    say(o, `[isotropic] resumed from ${checkpointPath} at step ${trainer.step}`);
  } else if (o.resume) {
    say(o, `[isotropic] --resume: no checkpoint at ${checkpointPath}; starting from scratch`);
  }
  const loaderOptions = {
    batchSize: o.batchSize,
    views,
    seed: o.seed,
    epochs: o.epochs,
    dropLast: true,
    resume: resumeState,
  };
  const loader: Loader =
    o.workers > 0
      ? createWorkerLoader(data.train, { ...loaderOptions, workers: o.workers })
      : createLoader(data.train, loaderOptions);

  const save = async () => {
    const bytes = await trainer.checkpoint({
      'isotropic.loader': JSON.stringify(loader.state()),
      'isotropic.model': o.model,
      'isotropic.data': o.data,
      'isotropic.options': JSON.stringify(o),
    });
    await writeFileAtomic(checkpointPath, bytes);
  };

  const bar = new ProgressBar(o.quiet ? { write: () => {} } : process.stderr);
  let finalLoss = Number.NaN;
  let lastSaved: string | undefined = existsSync(checkpointPath) && o.resume ? checkpointPath : undefined;
  let tStep = performance.now();
  try {
    for await (const batch of loader) {
      if (trainer.step >= totalSteps) break;
      const tensors = batchToTensors(batch);
      let r: Awaited<ReturnType<Trainer['trainStep']>>;
      try {
        r = await trainer.trainStep(tensors, lastSaved);
      } finally {
        for (const t of [tensors.global, tensors.local, tensors.labels] as (Tensor | null)[]) t?.dispose();
      }
      const now = performance.now();
      const imagesPerSecond = (o.batchSize * 1000) / (now - tStep);
      tStep = now;
      finalLoss = r.loss;
      log.append({
        kind: 'step',
        step: r.step,
        epoch: batch.epoch,
        loss: r.loss,
        sim: r.sim,
        sigreg: r.sigreg,
        lr: r.lr,
        imagesPerSecond,
        time: Date.now(),
      });
      if (r.probeAccuracy !== undefined)
        log.append({
          kind: 'eval',
          step: r.step,
          epoch: batch.epoch,
          probeAccuracy: r.probeAccuracy,
          time: Date.now(),
        });
      bar.update({
        step: trainer.step,
        totalSteps,
        epoch: batch.epoch,
        loss: r.loss,
        sim: r.sim,
        sigreg: r.sigreg,
        imagesPerSecond,
        lr: r.lr,
      });
      if (trainer.step % o.checkpointEvery === 0 || trainer.step === totalSteps) {
        await save();
        lastSaved = checkpointPath;
      }
      if (trainer.step >= totalSteps) break;
    }
  } finally {
    bar.done();
    await loader.close();
  }
  say(
    o,
    `[isotropic] trained ${trainer.step} steps; checkpoint ${checkpointPath}; live storages ${memory().liveStorages}`,
  );

  const summary: RunSummary = { steps: trainer.step, finalLoss, outDir: o.out, seconds: 0 };
  let embedding: { points: Float32Array; labels: Int32Array } | undefined;
  if (o.evaluate) {
    const eo: EmbedOptions = { size: globalSize, stats: data.stats };
    const probeTrain = evenlySpaced(data.train, o.evalLimit || undefined);
    const probeOf = async (
      embed: (d: typeof data.train) => Promise<{ embeddings: Tensor; labels: Tensor }>,
    ) => {
      const tr = await embed(probeTrain);
      const te = await embed(data.test);
      const r = await linearProbe(tr.embeddings, tr.labels, te.embeddings, te.labels);
      return { r, tr, te };
    };
    const trained = await probeOf((d) => embedWithEncoder(encoder, d, eo));
    summary.probe = { encoder: trained.r.testAccuracy };
    summary.knn = await knnAccuracy(
      trained.tr.embeddings,
      trained.tr.labels,
      trained.te.embeddings,
      trained.te.labels,
    );
    const n = Math.min(2000, trained.te.embeddings.shape[0]!);
    embedding = {
      points: await pca2d(trained.te.embeddings.slice([[0, n]])),
      labels: (await trained.te.labels.data()).slice(0, n) as Int32Array,
    };
    for (const t of [trained.tr, trained.te]) {
      t.embeddings.dispose();
      t.labels.dispose();
    }
    if (o.baselines) {
      const pixels = await probeOf((d) => embedDataset(pixelEmbed, d, eo));
      const fresh = buildEncoder(o, data);
      const random = await probeOf((d) => embedWithEncoder(fresh, d, eo));
      summary.probe.rawPixels = pixels.r.testAccuracy;
      summary.probe.randomInit = random.r.testAccuracy;
      fresh.dispose();
      for (const t of [pixels.tr, pixels.te, random.tr, random.te]) {
        t.embeddings.dispose();
        t.labels.dispose();
      }
    }
    log.append({
      kind: 'eval',
      step: trainer.step,
      epoch: o.epochs,
      probeAccuracy: summary.probe.encoder,
      knnAccuracy: summary.knn,
      time: Date.now(),
    });
  }
  summary.seconds = (performance.now() - t0) / 1000;
  writeReport(join(o.out, 'report.html'), {
    title: `LeJEPA on ${data.name} — ${o.model}`,
    config: {
      model: o.model,
      data: o.data,
      steps: trainer.step,
      batch: o.batchSize,
      views: `${o.globalViews}x${globalSize} + ${o.localViews}x${localSize}`,
      lambda: o.lambda,
      slices: o.numSlices,
      lr: o.lr,
      seconds: Math.round(summary.seconds),
    },
    records: MetricsLog.read(log.path),
    results: summary.probe
      ? Object.fromEntries(
          Object.entries({
            'LeJEPA encoder (linear probe)': summary.probe.encoder,
            'LeJEPA encoder (kNN, k=20)': summary.knn,
            'raw pixels (linear probe)': summary.probe.rawPixels,
            'random-init encoder (linear probe)': summary.probe.randomInit,
          }).filter((e): e is [string, number] => e[1] !== undefined),
        )
      : undefined,
    embedding: embedding ? { ...embedding, classNames: data.classNames } : undefined,
  });
  model.dispose();
  return summary;
}
