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
export { coalesce } from './coalesce.js';
export { CpuBackend } from './cpu/cpu-backend.js';
export { bytesPerElement, DTYPES, type DType, isFloat, promoteTypes, type TypedArray } from './dtype.js';
export { cpuBackend, getBackend, setBackend, withBackend } from './engine.js';
export {
  BackendError,
  DisposedError,
  DTypeError,
  fmtShape,
  IsotropicError,
  ShapeError,
  ValueError,
} from './errors.js';
export { isGradEnabled, noGrad } from './grad-mode.js';
export { type MemoryReport, memory } from './memory.js';
export { type GeluApproximation, gelu, relu, sigmoid, silu, softplus } from './ops/activations.js';
export {
  adaptiveAvgPool2d,
  avgPool2d,
  type Conv2dOptions,
  conv2d,
  maxPool2d,
  type Pair,
  type Pool2dOptions,
} from './ops/conv.js';
export {
  arange,
  type CreateOptions,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  type TensorData,
  tensor,
  zeros,
  zerosLike,
} from './ops/creation.js';
export {
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
  type TensorLike,
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
  broadcastTo,
  contiguous,
  expandDims,
  flatten,
  permute,
  reshape,
  type SliceSpec,
  slice,
  squeeze,
  swapAxes,
  transpose,
} from './ops/views.js';
export type { CustomVjp, Primitive, PrimitiveKind } from './primitive.js';
export { philox4x32 } from './random/philox.js';
export {
  foldIn,
  type Key,
  key,
  manualSeed,
  normalDoubles,
  type RandomOptions,
  rand,
  randint,
  randn,
  randomBits,
  splitKey,
  truncatedNormal,
  uniformDoubles,
} from './random/random.js';
export { scope } from './scope.js';
export { broadcastShapes, type Shape, sizeOf } from './shape.js';
export { type GradNode, liveTensors, type NestedArray, setBackwardImpl, Tensor } from './tensor.js';
