import { installBackward } from './install.js';

// Importing the package enables `tensor.backward()` (package.json lists this file in "sideEffects").
installBackward();

export { isGradEnabled } from '@isotropic/tensor';
export { type BackwardOptions, backward } from './backward.js';
export { type CustomOpContext, type CustomOpDefinition, customGrad, defineOp } from './custom-op.js';
export { GradError, GraphFreedError } from './errors.js';
export { type ArgsAt, type GradOptions, grad, valueAndGrad } from './functional.js';
export { detach, noGrad } from './grad-mode.js';
export { installBackward } from './install.js';
export type { TensorTree } from './pytree.js';
export { type Cotangents, type VjpContext, type VjpRule, vjpRules } from './rules/index.js';
export { sumToShape } from './rules/sum-to-shape.js';
