import { createLoader, createWebWorkerLoader, evalViews, type Loader, multiCrop } from '@isotropic/data';
import { batchToTensors } from '@isotropic/data/tensor';
import { type Backbone, createModel } from '@isotropic/models';
import { serializeSafetensors } from '@isotropic/nn';
import { concat, key, noGrad, scope, slice, type Tensor } from '@isotropic/tensor';
import { buildProjector, LejepaModel, pca2d, type StepResult, Trainer } from '@isotropic/train';
import type { RunConfig } from './config.js';
import type { TrainingData } from './datasets.js';

/** The registered name the encoder is built from; the run's config overrides its width and depth. */
export const MODEL_NAME = 'vit_tiny_patch4_28';

export interface StepInfo extends StepResult {
  epoch: number;
  /** Wall time of the step, including waiting for the batch. */
  ms: number;
}

export interface SessionEvents {
  onStep(info: StepInfo): void;
  onEmbedding(points: Float32Array, labels: Int32Array, step: number): void;
}

/**
 * Runs `fn` after every task queued before it has finished. Tensor scopes are a
 * global stack, so two async pieces of tensor work (a training step awaiting the
 * GPU, an export started from a click) must never interleave.
 */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => {});
    return next;
  }
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * One training run in the page: a small ViT (from @isotropic/models) with the
 * LeJEPA projector and online probe (@isotropic/train), fed by multi-crop batches
 * augmented in a Web Worker (@isotropic/data). Everything stays in this tab.
 */
export class TrainingSession {
  readonly encoder: Backbone;
  readonly model: LejepaModel;
  readonly trainer: Trainer;
  readonly modelOptions: Record<string, number | boolean>;
  private readonly serial = new Serial();
  private loader: Loader | undefined;
  private stopRequested = false;
  private disposed = false;

  constructor(
    readonly data: TrainingData,
    readonly config: RunConfig,
  ) {
    this.modelOptions = {
      inChans: data.channels,
      imgSize: data.size,
      embedDim: config.embedDim,
      depth: config.depth,
      numHeads: config.numHeads,
      // local views are smaller than the global ones: resample the position embeddings
      dynamicImgSize: true,
    };
    this.encoder = createModel(MODEL_NAME, { ...this.modelOptions, key: key(config.seed) });
    const projector = buildProjector(this.encoder.embedDim, { hiddenDim: 256, outDim: 32 }, config.seed);
    this.model = new LejepaModel(this.encoder, projector, data.classNames.length, config.seed);
    this.trainer = new Trainer(this.model, {
      lambda: config.lambda,
      numSlices: config.numSlices,
      centers: 'global',
      lr: config.lr,
      weightDecay: 0.05,
      warmupSteps: Math.min(5, Math.floor(config.steps / 10)),
      totalSteps: config.steps,
      finalLrRatio: 0.1,
      clipGradNorm: 0,
      seed: config.seed,
    });
  }

  /** Names of the encoder's parameters and buffers: the tensors the download holds. */
  get stateNames(): string[] {
    return [...this.encoder.namedParameters(), ...this.encoder.namedBuffers()].map(([name]) => name);
  }

  /** Ends the run after the step in progress. */
  stop(): void {
    this.stopRequested = true;
    void this.loader?.close();
  }

  /** Trains until `config.steps` or stop(); resolves to how the run ended. */
  async run(events: SessionEvents): Promise<'done' | 'stopped'> {
    const { config, data } = this;
    const batchSize = Math.min(config.batchSize, data.train.length);
    const batchesPerEpoch = Math.floor(data.train.length / batchSize);
    const views = multiCrop({
      globalSize: data.size,
      localSize: config.localSize,
      globalViews: config.globalViews,
      localViews: config.localViews,
      normalize: data.stats,
    });
    const loader = createWebWorkerLoader(data.train, {
      batchSize,
      views,
      seed: config.seed,
      epochs: Math.ceil(config.steps / batchesPerEpoch),
      dropLast: true,
      workers: 1,
    });
    this.loader = loader;
    let t0 = performance.now();
    try {
      for await (const batch of loader) {
        if (this.stopRequested) break;
        const result = await this.serial.run(async () => {
          const tensors = batchToTensors(batch);
          try {
            return await this.trainer.trainStep(tensors);
          } finally {
            for (const t of [tensors.global, tensors.local, tensors.labels]) t?.dispose();
          }
        });
        const now = performance.now();
        events.onStep({ ...result, epoch: batch.epoch, ms: now - t0 });
        const done = this.trainer.step >= config.steps;
        if (!done && config.embedEvery > 0 && this.trainer.step % config.embedEvery === 0)
          await this.plotEmbedding(events);
        if (done) break;
        // let the page paint and handle clicks (Stop, Download) between steps
        await nextTask();
        t0 = performance.now();
      }
    } finally {
      await loader.close();
      this.loader = undefined;
    }
    if (!this.disposed) await this.plotEmbedding(events);
    return this.stopRequested ? 'stopped' : 'done';
  }

  /** Embeds the held-out images (centre view, eval mode) and projects them to 2-D with PCA. */
  async plotEmbedding(events: SessionEvents): Promise<void> {
    const out = await this.serial.run(async () => {
      const loader = createLoader(this.data.test, {
        batchSize: 250,
        views: evalViews(this.data.size, this.data.stats),
        shuffle: false,
      });
      const parts: Tensor[] = [];
      const labels: number[] = [];
      this.encoder.eval();
      try {
        for await (const batch of loader) {
          parts.push(
            noGrad(() =>
              scope(() => {
                const t = batchToTensors(batch);
                return this.encoder.embed(slice(t.global, [0]));
              }),
            ),
          );
          labels.push(...batch.labels);
        }
      } finally {
        this.encoder.train();
      }
      const embeddings = parts.length === 1 ? parts[0]! : concat(parts, 0);
      try {
        return { points: await pca2d(embeddings), labels: Int32Array.from(labels) };
      } finally {
        embeddings.dispose();
        if (parts.length > 1) for (const p of parts) p.dispose();
      }
    });
    events.onEmbedding(out.points, out.labels, this.trainer.step);
  }

  /** The encoder's weights as a safetensors file (the backbone only: projector and probe stay here). */
  exportEncoder(): Promise<ArrayBuffer> {
    return this.serial.run(async () => {
      const state = this.encoder.stateDict();
      try {
        return await serializeSafetensors(state, {
          'isotropic.model': MODEL_NAME,
          'isotropic.model_options': JSON.stringify(this.modelOptions),
          'isotropic.step': String(this.trainer.step),
          'isotropic.data': this.data.name,
          'isotropic.stats': JSON.stringify(this.data.stats),
        });
      } finally {
        for (const t of Object.values(state)) t.dispose();
      }
    });
  }

  /** Releases the model's tensors (after the run has ended). */
  dispose(): Promise<void> {
    this.stop();
    return this.serial.run(async () => {
      this.disposed = true;
      this.model.dispose();
    });
  }
}
