import { type ChannelStats, createLoader, type Dataset, evalViews, type Sample } from '@isotropic/data/node';
import { batchToTensors } from '@isotropic/data/tensor';
import { concat, noGrad, scope, slice, type Tensor, tensor } from '@isotropic/tensor';
import type { Encoder } from '../core/encoder.js';

export interface EmbeddedSet {
  /** [N, D] */
  embeddings: Tensor;
  /** [N] int32 (-1 where unlabeled) */
  labels: Tensor;
}

export interface EmbedOptions {
  size: number;
  stats: ChannelStats;
  batchSize?: number;
}

/**
 * Maps every image of a dataset through `embed` without gradients, using the
 * deterministic evaluation view: the centred square resized to `size`,
 * normalised like the training views.
 */
export async function embedDataset(
  embed: (images: Tensor) => Tensor,
  dataset: Dataset<Sample>,
  opts: EmbedOptions,
): Promise<EmbeddedSet> {
  const loader = createLoader(dataset, {
    batchSize: opts.batchSize ?? 256,
    views: evalViews(opts.size, opts.stats),
    shuffle: false,
  });
  const parts: Tensor[] = [];
  const labels: number[] = [];
  for await (const batch of loader) {
    const e = noGrad(() =>
      scope(() => {
        const t = batchToTensors(batch);
        const images = slice(t.global, [0]);
        return embed(images);
      }),
    );
    parts.push(e);
    labels.push(...batch.labels);
  }
  const embeddings = parts.length === 1 ? parts[0]! : concat(parts, 0);
  if (parts.length > 1) for (const p of parts) p.dispose();
  return { embeddings, labels: tensor(Int32Array.from(labels), [labels.length], { dtype: 'int32' }) };
}

/** Embeds with a frozen encoder in eval mode (BatchNorm running stats, no DropPath). */
export async function embedWithEncoder(
  encoder: Encoder,
  dataset: Dataset<Sample>,
  opts: EmbedOptions,
): Promise<EmbeddedSet> {
  const wasTraining = encoder.training;
  encoder.eval();
  try {
    return await embedDataset((x) => encoder.embed(x), dataset, opts);
  } finally {
    encoder.train(wasTraining);
  }
}

/** Raw normalised pixels as embeddings [N, C*H*W]: the "no encoder at all" baseline. */
export const pixelEmbed = (images: Tensor): Tensor => images.reshape([images.shape[0]!, -1]);
