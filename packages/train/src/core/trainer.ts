import {
  AdamW,
  clipGradNorm,
  loadCheckpoint,
  serializeCheckpoint,
  warmupCosine,
  weightDecayGroups,
} from '@isotropic/nn';
import { lejepaLoss } from '@isotropic/sigreg';
import { argmax, concat, eq, mean, scope, slice, type Tensor, ValueError } from '@isotropic/tensor';
import { crossEntropy } from './cross-entropy.js';
import { NonFiniteLossError } from './errors.js';
import type { LejepaModel } from './lejepa-model.js';

export interface TrainerConfig {
  /** SIGReg weight in (1 - lambda) * sim + lambda * sigreg. */
  lambda: number;
  /** Random 1-D projections per step (redrawn every step, seeded by the step). */
  numSlices: number;
  /** 'global' (the paper): centers are the mean of the global views; 'all': the minimal example. */
  centers: 'global' | 'all';
  lr: number;
  weightDecay: number;
  warmupSteps: number;
  totalSteps: number;
  /** The cosine schedule ends at lr * finalLrRatio. */
  finalLrRatio: number;
  /** Clip the global gradient norm (0 disables). */
  clipGradNorm: number;
  /** Seed of the SIGReg directions (combined with the step). */
  seed: number;
}

export interface StepResult {
  step: number;
  loss: number;
  sim: number;
  sigreg: number;
  lr: number;
  /** Online probe cross-entropy and accuracy on the global views (undefined without labels). */
  probeLoss?: number;
  probeAccuracy?: number;
}

/** One training batch as tensors (see @isotropic/data's batchToTensors). */
export interface BatchTensors {
  global: Tensor;
  local: Tensor | null;
  labels: Tensor;
}

/**
 * LeJEPA pretraining, one step at a time, on any backend and in the browser:
 * AdamW with timm's decay groups, warmup + cosine, the LeJEPA loss on the
 * projections, and an online linear probe trained on detached embeddings. The
 * step number is the only source of randomness in the loss (SIGReg's
 * directions), so a restored trainer continues exactly.
 */
export class Trainer {
  readonly optimizer: AdamW;
  private readonly schedule: (step: number) => number;
  step = 0;

  constructor(
    readonly model: LejepaModel,
    readonly config: TrainerConfig,
  ) {
    if (!(config.lambda >= 0 && config.lambda <= 1))
      throw new ValueError(`Trainer: lambda must be in [0, 1], got ${config.lambda}`);
    this.optimizer = new AdamW(weightDecayGroups(model, config.weightDecay), {
      lr: config.lr,
      betas: [0.9, 0.999],
    });
    this.schedule = warmupCosine({
      peakLr: config.lr,
      warmupSteps: Math.min(config.warmupSteps, config.totalSteps),
      totalSteps: config.totalSteps,
      finalLr: config.lr * config.finalLrRatio,
    });
  }

  get lr(): number {
    return this.schedule(this.step);
  }

  /** One optimisation step. Throws NonFiniteLossError (before updating) if the loss is NaN/Inf. */
  async trainStep(batch: BatchTensors, lastCheckpoint?: string): Promise<StepResult> {
    const lr = this.lr;
    this.optimizer.setLr(lr);
    this.model.train();
    const result = await scope(async () => {
      const { embeddings, projections } = this.model.call(batch.global, batch.local);
      const numGlobal = batch.global.shape[0]!;
      const terms = lejepaLoss(projections, {
        numGlobal,
        lambda: this.config.lambda,
        numSlices: this.config.numSlices,
        seed: this.config.seed * 1_000_003 + this.step,
        centers: this.config.centers,
      });
      let total = terms.loss;
      let probeLoss: Tensor | undefined;
      let probeAcc: Tensor | undefined;
      const labels = await batch.labels.data();
      const probe = this.model.probe;
      if (probe && labels.length > 0 && labels.every((l) => l >= 0)) {
        // the probe sees detached embeddings: it reads the encoder, never trains it
        const globalEmb = slice(embeddings, [[0, numGlobal * labels.length]]).detach();
        const rep = concat(
          Array.from({ length: numGlobal }, () => batch.labels),
          0,
        );
        const logits = probe.call(globalEmb);
        probeLoss = crossEntropy(logits, rep);
        probeAcc = mean(eq(argmax(logits, -1), rep).cast('float32'));
        total = total.add(probeLoss);
      }
      const values = {
        loss: await terms.loss.item(),
        sim: await terms.sim.item(),
        sigreg: await terms.sigreg.item(),
      };
      if (!Object.values(values).every(Number.isFinite))
        throw new NonFiniteLossError(this.step, values, lastCheckpoint);
      total.backward();
      if (this.config.clipGradNorm > 0) clipGradNorm(this.model.parameters(), this.config.clipGradNorm);
      this.optimizer.step();
      this.optimizer.zeroGrad();
      return {
        ...values,
        probeLoss: probeLoss ? await probeLoss.item() : undefined,
        probeAccuracy: probeAcc ? await probeAcc.item() : undefined,
      };
    });
    const out: StepResult = { step: this.step, lr, ...result };
    this.step++;
    return out;
  }

  /** Model, optimiser and step as one safetensors file; `extra` rides along in the metadata. */
  async checkpoint(extra: Record<string, string> = {}): Promise<ArrayBuffer> {
    return serializeCheckpoint({
      model: this.model,
      optimizer: this.optimizer,
      metadata: {
        ...extra,
        'isotropic.step': String(this.step),
        'isotropic.config': JSON.stringify(this.config),
      },
    });
  }

  /** Restores a checkpoint written by `checkpoint()`; returns its metadata. */
  restore(bytes: ArrayBuffer | ArrayBufferView): Record<string, string> {
    const metadata = loadCheckpoint(bytes, { model: this.model, optimizer: this.optimizer });
    const step = Number(metadata['isotropic.step']);
    if (!Number.isInteger(step) || step < 0)
      throw new ValueError('Trainer.restore: checkpoint has no valid isotropic.step');
    this.step = step;
    return metadata;
  }
}
