export { type CheckpointParts, loadCheckpoint, serializeCheckpoint } from './checkpoint.js';
export { OptimizerStateError, SafetensorsError, type ShapeMismatch, StateDictError } from './errors.js';
export { childKeys, type InitOptions, onesInit, truncNormal, zerosInit } from './init.js';
export { KeyStream } from './key-stream.js';
export { GELU, ReLU } from './layers/activations.js';
export { type AttentionOptions, MultiHeadSelfAttention } from './layers/attention.js';
export { BatchNorm1d, BatchNorm2d, type BatchNormOptions } from './layers/batch-norm.js';
export { Identity, ModuleList, Sequential } from './layers/containers.js';
export { Conv2d, type Conv2dLayerOptions } from './layers/conv2d.js';
export { Dropout, DropPath } from './layers/dropout.js';
export { LayerNorm, type LayerNormOptions } from './layers/layer-norm.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export { MLP, type MLPOptions } from './layers/mlp.js';
export { type LoadStateDictResult, type StateDictInput, stateEntries } from './load-state-dict.js';
export { type AnyModule, Module } from './module.js';
export { AdamW, type AdamWHyperparameters } from './optim/adamw.js';
export { clipGradNorm } from './optim/clip-grad-norm.js';
export {
  type Hyperparameters,
  type HyperValue,
  Optimizer,
  type OptimizerState,
  type ParamGroup,
  type ParamGroupSpec,
  type ParamState,
} from './optim/optimizer.js';
export { isNoDecayParameter, weightDecayGroups } from './optim/param-groups.js';
export { type WarmupCosineOptions, warmupCosine } from './optim/schedule.js';
export { SGD, type SGDHyperparameters } from './optim/sgd.js';
export { StepScalars } from './optim/step-scalars.js';
export { Parameter, Variable } from './parameter.js';
export {
  decodeSafetensors,
  encodeSafetensors,
  type HostTensor,
  SAFETENSORS_DTYPES,
  type SafetensorsContents,
  type SafetensorsDType,
} from './safetensors/format.js';
export { SAFETENSORS_READ_DTYPES, type SafetensorsReadDType } from './safetensors/read-dtypes.js';
export { deserializeSafetensors, type NamedTensors, serializeSafetensors } from './safetensors/tensors.js';
export { stateName } from './state-names.js';
