/**
 * The primitive wrappers, for packages that build on the graph (autograd's
 * gradient rules call these directly, e.g. conv2dBackwardInputP) and for
 * backends' tests. Not needed for ordinary use.
 */
export {
  binaryP,
  castP,
  concatP,
  conv2dBackwardInputP,
  conv2dBackwardWeightP,
  conv2dP,
  customP,
  expandP,
  gatherP,
  matmulP,
  padP,
  permuteP,
  pool2dBackwardP,
  pool2dP,
  reduceP,
  reshapeP,
  scatterAddP,
  sliceP,
  unaryP,
  whereP,
} from './prim.js';
