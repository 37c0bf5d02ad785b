import { binaryVjp } from './binary.js';
import { conv2dBackwardInputVjp, conv2dBackwardWeightVjp, conv2dVjp } from './conv.js';
import { customVjp } from './custom.js';
import { gatherVjp, scatterAddVjp } from './indexing.js';
import { matmulVjp } from './matmul.js';
import { concatVjp, padVjp } from './movement.js';
import { pool2dBackwardVjp, pool2dVjp } from './pool.js';
import { reduceVjp } from './reduce.js';
import { castVjp, whereVjp } from './select.js';
import type { VjpRuleTable } from './types.js';
import { unaryVjp } from './unary.js';
import { expandVjp, permuteVjp, reshapeVjp, sliceVjp } from './views.js';

/**
 * One gradient rule per primitive kind. The table's type requires every kind of
 * the tensor layer's `Primitive` union, so a new primitive without a rule fails
 * to compile here.
 */
export const vjpRules: VjpRuleTable = {
  unary: unaryVjp,
  binary: binaryVjp,
  where: whereVjp,
  cast: castVjp,
  reduce: reduceVjp,
  matmul: matmulVjp,
  conv2d: conv2dVjp,
  conv2dBackwardInput: conv2dBackwardInputVjp,
  conv2dBackwardWeight: conv2dBackwardWeightVjp,
  pool2d: pool2dVjp,
  pool2dBackward: pool2dBackwardVjp,
  gather: gatherVjp,
  scatterAdd: scatterAddVjp,
  pad: padVjp,
  concat: concatVjp,
  reshape: reshapeVjp,
  permute: permuteVjp,
  expand: expandVjp,
  slice: sliceVjp,
  custom: customVjp,
};

export type { Cotangents, VjpContext, VjpRule } from './types.js';
