import { ConvNeXt } from '../convnext/convnext.js';
import type { ConvNeXtOptions } from '../convnext/convnext-options.js';
import type { ModelEntry } from './model-entry.js';

/**
 * timm's registered ConvNeXt sizes. atto to nano are timm's own small variants
 * and build their MLP from 1x1 convs (conv_mlp=True); tiny follows the paper
 * (Linear layers on channels-last maps).
 */
const SIZES = {
  atto: { depths: [2, 2, 6, 2], dims: [40, 80, 160, 320], convMlp: true },
  femto: { depths: [2, 2, 6, 2], dims: [48, 96, 192, 384], convMlp: true },
  pico: { depths: [2, 2, 6, 2], dims: [64, 128, 256, 512], convMlp: true },
  nano: { depths: [2, 2, 8, 2], dims: [80, 160, 320, 640], convMlp: true },
  tiny: { depths: [3, 3, 9, 3], dims: [96, 192, 384, 768], convMlp: false },
} as const;

/** ConvNeXt V2: GRN in the MLP and no LayerScale. */
const V2 = { useGrn: true, lsInitValue: null } as const;

/** Stem patch size of the small-image variants: full resolution into stage 0. */
const SMALL_IMAGE_PATCH = 1;

function entry(family: 'convnext' | 'convnextv2', size: keyof typeof SIZES, patchSize?: number): ModelEntry {
  const timmName = `${family}_${size}`;
  const name = patchSize === undefined ? timmName : `${timmName}_patch${patchSize}`;
  const preset: ConvNeXtOptions = {
    ...SIZES[size],
    ...(family === 'convnextv2' ? V2 : {}),
    ...(patchSize === undefined ? {} : { patchSize }),
  };
  const version = family === 'convnextv2' ? 'ConvNeXt V2' : 'ConvNeXt';
  return {
    name,
    family: 'convnext',
    timm: `timm.create_model('${timmName}'${patchSize === undefined ? '' : `, patch_size=${patchSize}`})`,
    preset,
    description:
      patchSize === undefined
        ? `${version}-${size} (stem: 4x4 patchify)`
        : `${version}-${size} with a ${patchSize}x${patchSize} stride-${patchSize} stem, for 28-64 px images`,
    factory: (options: ConvNeXtOptions, registered) => new ConvNeXt({ ...preset, ...options }, registered),
  };
}

/** convnext_{size}, convnextv2_{size}, and their small-image stems {name}_patch1. */
export function builtinConvNeXts(): ModelEntry[] {
  const sizes = Object.keys(SIZES) as (keyof typeof SIZES)[];
  return (['convnext', 'convnextv2'] as const).flatMap((family) =>
    sizes.flatMap((size) => [entry(family, size), entry(family, size, SMALL_IMAGE_PATCH)]),
  );
}
