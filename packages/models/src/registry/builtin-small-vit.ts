import { VisionTransformer } from '../vit/vision-transformer.js';
import type { VisionTransformerOptions } from '../vit/vit-options.js';
import type { ModelEntry } from './model-entry.js';

/**
 * ViTs smaller than timm's Tiny, for training from scratch on a CPU in minutes
 * (the README's main job). Not timm registry names, but plain VisionTransformer
 * configs, so the `timm` field gives the exact timm call that builds the same
 * network (same parameter names and shapes). `dynamicImgSize` is on: LeJEPA's
 * local crops are smaller than the global ones, and the position embeddings are
 * resampled to each input's patch grid.
 */
const SMALL = {
  nano: { embedDim: 64, depth: 4, numHeads: 2 },
  micro: { embedDim: 96, depth: 6, numHeads: 3 },
} as const;

function smallVitEntry(size: keyof typeof SMALL, imgSize: number): ModelEntry {
  const name = `vit_${size}_patch4_${imgSize}`;
  const c = SMALL[size];
  const preset: VisionTransformerOptions = { ...c, patchSize: 4, imgSize, dynamicImgSize: true };
  return {
    name,
    family: 'vit',
    timm:
      `timm.create_model('vit_tiny_patch16_224', patch_size=4, img_size=${imgSize}, ` +
      `embed_dim=${c.embedDim}, depth=${c.depth}, num_heads=${c.numHeads}, dynamic_img_size=True)`,
    preset,
    description: `ViT-${size} (dim ${c.embedDim}, depth ${c.depth}) with 4 px patches for ${imgSize} px images; Isotropic's CPU-friendly size`,
    factory: (options: VisionTransformerOptions, registered) =>
      new VisionTransformer({ ...preset, ...options }, registered),
  };
}

export function builtinSmallVits(): ModelEntry[] {
  return (Object.keys(SMALL) as (keyof typeof SMALL)[]).flatMap((size) =>
    [28, 32, 64].map((img) => smallVitEntry(size, img)),
  );
}
