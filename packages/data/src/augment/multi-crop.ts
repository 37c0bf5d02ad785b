import { DataError } from '../errors.js';
import type { Image } from '../image.js';
import { viewRng } from '../random/streams.js';
import { requireInteger, requireRange, requireSize } from '../validate.js';
import { applyTransformOwned } from './apply.js';
import type { ChannelStats } from './normalize.js';
import { normalize } from './normalize.js';
import { randomResizedCrop } from './random-resized-crop.js';
import { lejepaViewTransforms } from './recipe.js';
import type { RandomResizedCropSpec, TransformSpec } from './spec.js';

/** One family of views that share a size: `views` crops, each followed by `transforms`. */
export interface ViewGroupSpec {
  views: number;
  crop: RandomResizedCropSpec;
  transforms: readonly TransformSpec[];
}

/**
 * Plain-data description of the multi-crop augmentation; safe to postMessage.
 * View numbering (used to key randomness): globals are views 0..G-1, locals G..G+L-1.
 */
export interface MultiCropSpec {
  kind: 'multiCrop';
  global: ViewGroupSpec;
  local: ViewGroupSpec;
}

export interface MultiCropOptions {
  /** Global view size, default 224. Use 28 for (Fashion-)MNIST. */
  globalSize?: number | readonly [number, number];
  /** Local view size, default 96. Use 14 for (Fashion-)MNIST. */
  localSize?: number | readonly [number, number];
  /** Number of global views, default 2. */
  globalViews?: number;
  /** Number of local views, default 6 (0 disables local views). */
  localViews?: number;
  /** Area fraction range of global crops, default [0.3, 1]. */
  globalScale?: readonly [number, number];
  /** Area fraction range of local crops, default [0.05, 0.3]. */
  localScale?: readonly [number, number];
  /** Aspect ratio range for all crops, default [3/4, 4/3]. */
  ratio?: readonly [number, number];
  /** Transforms after the crop, for every view. Default: `lejepaViewTransforms()`. */
  transforms?: readonly TransformSpec[];
  /** Overrides `transforms` for local views only. */
  localTransforms?: readonly TransformSpec[];
  /** Appended as the last transform of every view. Default: none (values stay in [0, 1]). */
  normalize?: ChannelStats | null;
}

/**
 * The LeJEPA paper's crop scales (fractions of the image area), also the defaults of
 * `isotropic train`'s `--global-scale` / `--local-scale`.
 */
export const DEFAULT_GLOBAL_SCALE: readonly [number, number] = [0.3, 1];
export const DEFAULT_LOCAL_SCALE: readonly [number, number] = [0.05, 0.3];

/** Builds (and validates) a MultiCrop spec; defaults follow the LeJEPA paper's 2 global + 6 local setting. */
export function multiCrop(options: MultiCropOptions = {}): MultiCropSpec {
  const ratio = requireRange('multiCrop.ratio', options.ratio ?? [3 / 4, 4 / 3], { above: 0 });
  const tail = options.normalize ? [normalize(options.normalize)] : [];
  const transforms = [...(options.transforms ?? lejepaViewTransforms()), ...tail];
  const localTransforms = options.localTransforms ? [...options.localTransforms, ...tail] : transforms;
  return {
    kind: 'multiCrop',
    global: {
      views: requireInteger('multiCrop.globalViews', options.globalViews ?? 2, 1),
      crop: randomResizedCrop(requireSize('multiCrop.globalSize', options.globalSize ?? 224), {
        scale: options.globalScale ?? DEFAULT_GLOBAL_SCALE,
        ratio,
      }),
      transforms,
    },
    local: {
      views: requireInteger('multiCrop.localViews', options.localViews ?? 6, 0),
      crop: randomResizedCrop(requireSize('multiCrop.localSize', options.localSize ?? 96), {
        scale: options.localScale ?? DEFAULT_LOCAL_SCALE,
        ratio,
      }),
      transforms: localTransforms,
    },
  };
}

/**
 * A deterministic single-view spec for evaluation: the largest centred square
 * (ratio fixed to 1, full area, so RandomResizedCrop takes its centre-crop
 * path) resized to `size`, then optional normalisation. No random transforms.
 */
export function evalViews(size: number, stats?: ChannelStats): MultiCropSpec {
  return multiCrop({
    globalSize: size,
    localSize: 1,
    globalViews: 1,
    localViews: 0,
    globalScale: [1, 1],
    ratio: [1, 1],
    transforms: [],
    normalize: stats ?? null,
  });
}

export function totalViews(spec: MultiCropSpec): number {
  return spec.global.views + spec.local.views;
}

/** Throws INVALID_OPTION if a spec (possibly hand-built or deserialised) is malformed. */
export function checkMultiCropSpec(spec: MultiCropSpec): void {
  if (spec?.kind !== 'multiCrop' || !spec.global || !spec.local) {
    throw new DataError('INVALID_OPTION', 'option `views` must be a MultiCrop spec built with multiCrop()', {
      option: 'views',
    });
  }
  requireInteger('views.global.views', spec.global.views, 1);
  requireInteger('views.local.views', spec.local.views, 0);
}

/**
 * The views of one image: view v uses the generator keyed by
 * (seed, epoch, index, v), so the result depends on nothing else.
 */
export function applyMultiCrop(
  spec: MultiCropSpec,
  image: Image,
  key: { seed: number; epoch: number; index: number },
): { global: Image[]; local: Image[] } {
  const render = (group: ViewGroupSpec, firstView: number): Image[] => {
    const views: Image[] = [];
    for (let v = 0; v < group.views; v++) {
      const rng = viewRng(key.seed, key.epoch, key.index, firstView + v);
      let view = applyTransformOwned(group.crop, image, rng);
      for (const transform of group.transforms) view = applyTransformOwned(transform, view, rng);
      views.push(view);
    }
    return views;
  };
  return { global: render(spec.global, 0), local: render(spec.local, spec.global.views) };
}
