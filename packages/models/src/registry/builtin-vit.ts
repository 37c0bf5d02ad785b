import { VisionTransformer } from '../vit/vision-transformer.js';
import type { VisionTransformerOptions } from '../vit/vit-options.js';
import type { ModelEntry } from './model-entry.js';

/** timm's ViT widths: Tiny, Small, Base (depth 12 each). */
const SIZES = {
  tiny: { embedDim: 192, depth: 12, numHeads: 3 },
  small: { embedDim: 384, depth: 12, numHeads: 6 },
  base: { embedDim: 768, depth: 12, numHeads: 12 },
} as const;

/** Names timm registers with exactly this config; the others are a timm model with other kwargs. */
const IN_TIMM = new Set([
  'vit_tiny_patch16_224',
  'vit_small_patch16_224',
  'vit_small_patch8_224',
  'vit_base_patch16_224',
  'vit_base_patch8_224',
]);

function vitEntry(size: keyof typeof SIZES, patchSize: number, imgSize: number): ModelEntry {
  const name = `vit_${size}_patch${patchSize}_${imgSize}`;
  const preset: VisionTransformerOptions = { ...SIZES[size], patchSize, imgSize };
  const base = `vit_${size}_patch16_224`;
  const timm = IN_TIMM.has(name)
    ? `timm.create_model('${name}')`
    : `timm.create_model('${base}', patch_size=${patchSize}${imgSize === 224 ? '' : `, img_size=${imgSize}`})`;
  return {
    name,
    family: 'vit',
    timm,
    preset,
    description: `ViT-${size[0]!.toUpperCase()}${size.slice(1)}/${patchSize} for ${imgSize} px images (${Math.floor(imgSize / patchSize) ** 2} patches)`,
    factory: (options: VisionTransformerOptions, registered) =>
      new VisionTransformer({ ...preset, ...options }, registered),
  };
}

/**
 * The ViT names: timm's standard ones (patch 8, 14, 16 at 224 px) and small-image
 * variants with 4 px patches for 28, 32 and 64 px inputs, named the timm way:
 * vit_{size}_patch{patch}_{image size}.
 */
export function builtinVits(): ModelEntry[] {
  const sizes = Object.keys(SIZES) as (keyof typeof SIZES)[];
  return sizes.flatMap((size) => [
    ...[8, 14, 16].map((patch) => vitEntry(size, patch, 224)),
    ...[28, 32, 64].map((img) => vitEntry(size, 4, img)),
  ]);
}
