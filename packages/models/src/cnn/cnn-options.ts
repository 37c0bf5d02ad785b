import { BACKBONE_OPTION_KEYS, type BackboneOptions } from '../backbone.js';
import { ModelOptionError } from '../errors.js';
import { nonNegativeInteger, oddPositiveInteger, positiveInteger, rejectUnknownOptions } from '../options.js';

/**
 * A plain convolutional encoder: stages of (3x3 conv, BatchNorm2d, ReLU), then
 * global average pooling. Defaults: `cnn_tiny` for 28-32 px images.
 */
export interface SimpleCnnOptions extends BackboneOptions {
  /** Output channels per stage ([32, 64, 128]); the last is the embedding width. */
  readonly widths?: readonly number[];
  /** Stride per stage ([1, 2, 2, ...]: full resolution first, then halve). */
  readonly strides?: readonly number[];
  /** Odd kernel size of every conv (3); padding keeps the map size at stride 1. */
  readonly kernelSize?: number;
}

const KNOWN: Record<keyof SimpleCnnOptions, true> = {
  ...BACKBONE_OPTION_KEYS,
  widths: true,
  strides: true,
  kernelSize: true,
};

export const SIMPLE_CNN_OPTION_NAMES = Object.keys(KNOWN) as readonly (keyof SimpleCnnOptions)[];

export interface SimpleCnnConfig {
  readonly inChans: number;
  readonly numClasses: number;
  readonly widths: readonly number[];
  readonly strides: readonly number[];
  readonly kernelSize: number;
}

/** Applies the defaults and checks every value; errors name `model` and the option. */
export function resolveSimpleCnnOptions(model: string, o: SimpleCnnOptions): SimpleCnnConfig {
  rejectUnknownOptions(model, o, SIMPLE_CNN_OPTION_NAMES);
  const widths = [...(o.widths ?? [32, 64, 128])].map((w) => positiveInteger(model, 'widths', w));
  if (widths.length === 0) throw new ModelOptionError(model, 'widths', 'needs at least one stage');
  const strides = [...(o.strides ?? widths.map((_, i) => (i === 0 ? 1 : 2)))].map((s) =>
    positiveInteger(model, 'strides', s),
  );
  if (strides.length !== widths.length) {
    throw new ModelOptionError(
      model,
      'strides',
      `needs one value per stage (${widths.length}, as widths), got ${strides.length}`,
    );
  }
  const kernelSize = oddPositiveInteger(model, 'kernelSize', o.kernelSize ?? 3);
  return {
    inChans: positiveInteger(model, 'inChans', o.inChans ?? 3),
    numClasses: nonNegativeInteger(model, 'numClasses', o.numClasses ?? 0),
    widths,
    strides,
    kernelSize,
  };
}
