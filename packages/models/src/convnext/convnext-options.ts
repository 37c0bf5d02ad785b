import { BACKBONE_OPTION_KEYS, type BackboneOptions } from '../backbone.js';
import { ModelOptionError } from '../errors.js';
import {
  dropRate,
  nonNegativeInteger,
  oddPositiveInteger,
  positiveInteger,
  positiveNumber,
  rejectUnknownOptions,
} from '../options.js';

/**
 * timm's ConvNeXt keyword arguments, camelCased. Defaults are timm's (a
 * ConvNeXt-Tiny) except `numClasses`, which is 0 (no classifier; `head.norm`
 * is still there, as in timm, because the embedding is taken after it).
 */
export interface ConvNeXtOptions extends BackboneOptions {
  /** Blocks per stage, four stages ([3, 3, 9, 3]). */
  readonly depths?: readonly number[];
  /** Channels per stage ([96, 192, 384, 768]). */
  readonly dims?: readonly number[];
  /** Depthwise kernel size, one for all stages or one per stage (7; odd). */
  readonly kernelSizes?: number | readonly number[];
  /** LayerScale init of each block's `gamma` (1e-6); null: no LayerScale (ConvNeXt V2). */
  readonly lsInitValue?: number | null;
  /**
   * Stem patch size: a patchSize x patchSize conv with that stride, then
   * LayerNorm2d (4). 1 keeps full resolution, for 28-64 px images. As in timm, a
   * stem of stride 2 gets a stride-2 downsample in stage 0 as well.
   */
  readonly patchSize?: number;
  /**
   * The block MLP as 1x1 convs on channels-first maps with LayerNorm2d (true:
   * timm's atto to nano) or as Linear layers on channels-last maps with
   * LayerNorm (false: tiny and larger). Same arithmetic; the state dict differs
   * (fc weights [out, in, 1, 1] versus [out, in]).
   */
  readonly convMlp?: boolean;
  /** Bias in the stem, depthwise and downsample convs (true). */
  readonly convBias?: boolean;
  /** Global Response Normalization in the block MLP: ConvNeXt V2 (false). */
  readonly useGrn?: boolean;
  /** Dropout before the classifier (0). */
  readonly dropRate?: number;
  /** Stochastic depth, rising linearly over all blocks from 0 to this rate (0). */
  readonly dropPathRate?: number;
}

const KNOWN: Record<keyof ConvNeXtOptions, true> = {
  ...BACKBONE_OPTION_KEYS,
  depths: true,
  dims: true,
  kernelSizes: true,
  lsInitValue: true,
  patchSize: true,
  convMlp: true,
  convBias: true,
  useGrn: true,
  dropRate: true,
  dropPathRate: true,
};

/** The option names a ConvNeXt accepts. */
export const CONVNEXT_OPTION_NAMES = Object.keys(KNOWN) as readonly (keyof ConvNeXtOptions)[];

export interface ConvNeXtConfig {
  readonly inChans: number;
  readonly numClasses: number;
  readonly depths: readonly number[];
  readonly dims: readonly number[];
  readonly kernelSizes: readonly number[];
  readonly lsInitValue: number | undefined;
  readonly patchSize: number;
  readonly convMlp: boolean;
  readonly convBias: boolean;
  readonly useGrn: boolean;
  readonly dropRate: number;
  readonly dropPathRate: number;
}

const STAGES = 4;

function perStage(model: string, option: string, value: number | readonly number[]): number[] {
  const list = typeof value === 'number' ? new Array<number>(STAGES).fill(value) : [...value];
  if (list.length !== STAGES) {
    throw new ModelOptionError(model, option, `needs ${STAGES} values (one per stage), got ${list.length}`);
  }
  return list;
}

/** Applies timm's defaults and checks every value; errors name `model` and the option. */
export function resolveConvNeXtOptions(model: string, o: ConvNeXtOptions): ConvNeXtConfig {
  rejectUnknownOptions(model, o, CONVNEXT_OPTION_NAMES);
  const depths = perStage(model, 'depths', o.depths ?? [3, 3, 9, 3]).map((d) =>
    nonNegativeInteger(model, 'depths', d),
  );
  const dims = perStage(model, 'dims', o.dims ?? [96, 192, 384, 768]).map((d) =>
    positiveInteger(model, 'dims', d),
  );
  const kernelSizes = perStage(model, 'kernelSizes', o.kernelSizes ?? 7).map((k) =>
    oddPositiveInteger(model, 'kernelSizes', k),
  );
  const ls = o.lsInitValue === undefined ? 1e-6 : o.lsInitValue;
  return {
    inChans: positiveInteger(model, 'inChans', o.inChans ?? 3),
    numClasses: nonNegativeInteger(model, 'numClasses', o.numClasses ?? 0),
    depths,
    dims,
    kernelSizes,
    lsInitValue: ls === null ? undefined : positiveNumber(model, 'lsInitValue', ls),
    patchSize: positiveInteger(model, 'patchSize', o.patchSize ?? 4),
    convMlp: o.convMlp ?? false,
    convBias: o.convBias ?? true,
    useGrn: o.useGrn ?? false,
    dropRate: dropRate(model, 'dropRate', o.dropRate ?? 0),
    dropPathRate: dropRate(model, 'dropPathRate', o.dropPathRate ?? 0),
  };
}
