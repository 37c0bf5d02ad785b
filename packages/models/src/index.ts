export { Backbone, type BackboneOptions, type FeatureLayout } from './backbone.js';
export {
  SIMPLE_CNN_OPTION_NAMES,
  type SimpleCnnConfig,
  type SimpleCnnOptions,
} from './cnn/cnn-options.js';
export { ConvBnRelu } from './cnn/conv-bn-relu.js';
export { SimpleCnn } from './cnn/simple-cnn.js';
export { ConvNeXt } from './convnext/convnext.js';
export { ConvNeXtBlock } from './convnext/convnext-block.js';
export { ConvNeXtHead } from './convnext/convnext-head.js';
export { ConvNeXtMlp } from './convnext/convnext-mlp.js';
export {
  CONVNEXT_OPTION_NAMES,
  type ConvNeXtConfig,
  type ConvNeXtOptions,
} from './convnext/convnext-options.js';
export { ConvNeXtStage } from './convnext/convnext-stage.js';
export { ModelOptionError, ModelRegistryError, UnknownModelError } from './errors.js';
export { GlobalResponseNorm } from './layers/global-response-norm.js';
export { LayerNorm2d } from './layers/layer-norm-2d.js';
export { LayerScale } from './layers/layer-scale.js';
export { PointwiseConv } from './layers/pointwise-conv.js';
export { createProjector, Projector, type ProjectorOptions } from './projector.js';
export type { BackboneFactory, ModelInfo, ModelOptions } from './registry/model-entry.js';
export {
  createModel,
  listModels,
  modelInfo,
  type RegisterBackboneOptions,
  registerBackbone,
  unregisterBackbone,
} from './registry/registry.js';
export { PatchEmbed } from './vit/patch-embed.js';
export { type ResamplePosEmbedOptions, resamplePosEmbed } from './vit/resample-pos-embed.js';
export { type PosEmbedInterpolation, resizeMatrix } from './vit/resize-matrix.js';
export { VisionTransformer } from './vit/vision-transformer.js';
export { VitBlock } from './vit/vit-block.js';
export {
  VIT_OPTION_NAMES,
  type VisionTransformerOptions,
  type VitConfig,
  type VitGlobalPool,
} from './vit/vit-options.js';
