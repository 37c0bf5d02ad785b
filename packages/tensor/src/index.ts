import './methods.js';

export type {
  Backend,
  BinaryOp,
  Conv2dParams,
  MemoryStats,
  Operand,
  Pool2dParams,
  ReduceOp,
  StorageHandle,
  UnaryOp,
} from './backend.js';
export { COMPARISON_OPS } from './backend.js';
export { CpuBackend } from './cpu/cpu-backend.js';
export { type DType, DTYPES, type TypedArray, bytesPerElement, isFloat, promoteTypes } from './dtype.js';
export { cpuBackend, getBackend, setBackend, withBackend } from './engine.js';
export {
  BackendError,
  DTypeError,
  DisposedError,
  IsotropicError,
  ShapeError,
  ValueError,
  fmtShape,
} from './errors.js';
export { isGradEnabled, noGrad } from './grad-mode.js';
export { memory, type MemoryReport } from './memory.js';
export { type GeluApproximation, gelu, relu, sigmoid, silu, softplus } from './ops/activations.js';
export {
  type Pair,
  type Conv2dOptions,
  type Pool2dOptions,
  adaptiveAvgPool2d,
  avgPool2d,
  conv2d,
  maxPool2d,
} from './ops/conv.js';
export {
  type CreateOptions,
  type TensorData,
  arange,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  tensor,
  zeros,
  zerosLike,
} from './ops/creation.js';
export {
  type TensorLike,
  abs,
  add,
  cast,
  clip,
  cos,
  div,
  eq,
  erf,
  exp,
  floor,
  ge,
  gt,
  le,
  log,
  logicalNot,
  lt,
  maximum,
  minimum,
  mul,
  ne,
  neg,
  pow,
  reciprocal,
  rsqrt,
  sign,
  sin,
  sqrt,
  square,
  sub,
  tanh,
  where,
} from './ops/elementwise.js';
export { ecf, ecfBackward } from './ops/fused.js';
export { gather, indexSelect, oneHot } from './ops/indexing.js';
export { matmul } from './ops/linalg.js';
export { layerNorm, logSoftmax, softmax } from './ops/normalization.js';
export * as prim from './ops/prim-exports.js';
export { type Axis, argmax, argmin, logsumexp, max, mean, min, sum, variance } from './ops/reduce.js';
export { concat, pad, split, stack } from './ops/shape-ops.js';
export { toBackend } from './ops/transfer.js';
export {
  type SliceSpec,
  broadcastTo,
  contiguous,
  expandDims,
  flatten,
  permute,
  reshape,
  slice,
  squeeze,
  swapAxes,
  transpose,
} from './ops/views.js';
export type { CustomVjp, Primitive, PrimitiveKind } from './primitive.js';
export { philox4x32 } from './random/philox.js';
export {
  type Key,
  type RandomOptions,
  foldIn,
  key,
  manualSeed,
  normalDoubles,
  rand,
  randint,
  randn,
  randomBits,
  splitKey,
  truncatedNormal,
  uniformDoubles,
} from './random/random.js';
export { scope } from './scope.js';
export { type Shape, broadcastShapes, sizeOf } from './shape.js';
export { type GradNode, type NestedArray, Tensor, liveTensors, setBackwardImpl } from './tensor.js';
