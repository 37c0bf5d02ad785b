import type { Backbone, BackboneOptions } from '../backbone.js';
import type { SimpleCnnOptions } from '../cnn/cnn-options.js';
import type { ConvNeXtOptions } from '../convnext/convnext-options.js';
import type { VisionTransformerOptions } from '../vit/vit-options.js';

/** Options `createModel` accepts: a built-in family's, or the common ones a registered backbone reads. */
export type ModelOptions = VisionTransformerOptions | ConvNeXtOptions | SimpleCnnOptions | BackboneOptions;

/** Builds a backbone from options; `name` is the registered name (for error messages). */
export type BackboneFactory<O extends BackboneOptions = BackboneOptions> = (
  options: O,
  name: string,
) => Backbone;

/** What `modelInfo` says about a registered name. */
export interface ModelInfo {
  readonly name: string;
  /** 'vit', 'convnext', 'cnn', or 'custom' for registerBackbone's. */
  readonly family: string;
  /** The same network in timm, as Python (built-ins only). */
  readonly timm?: string;
  readonly description?: string;
  /** The preset options, before the caller's (built-ins only). */
  readonly preset?: ModelOptions;
}

export interface ModelEntry extends ModelInfo {
  readonly factory: BackboneFactory<never>;
}
