/**
 * Chainable methods (`x.add(y).relu()`), installed on Tensor's prototype so that
 * tensor.ts stays free of op imports. Each one forwards to the function of the
 * same name; the functions are the documented API.
 */
import { gelu, relu, sigmoid } from './ops/activations.js';
import type { TensorLike } from './ops/elementwise.js';
import * as ew from './ops/elementwise.js';
import { matmul } from './ops/linalg.js';
import { logSoftmax, softmax } from './ops/normalization.js';
import { argmax, argmin, logsumexp, max, mean, min, sum, variance } from './ops/reduce.js';
import * as v from './ops/views.js';
import { Tensor } from './tensor.js';

const P = Tensor.prototype;
// explicit tables rather than namespace lookups, so bundlers can see every use
const binary: Record<string, (a: TensorLike, b: TensorLike) => Tensor> = {
  add: ew.add,
  sub: ew.sub,
  mul: ew.mul,
  div: ew.div,
  pow: ew.pow,
  maximum: ew.maximum,
  minimum: ew.minimum,
  lt: ew.lt,
  le: ew.le,
  gt: ew.gt,
  ge: ew.ge,
  eq: ew.eq,
  ne: ew.ne,
};
const unary: Record<string, (x: Tensor) => Tensor> = {
  neg: ew.neg,
  abs: ew.abs,
  exp: ew.exp,
  log: ew.log,
  sqrt: ew.sqrt,
  rsqrt: ew.rsqrt,
  square: ew.square,
  sin: ew.sin,
  cos: ew.cos,
  tanh: ew.tanh,
};
const proto = P as unknown as Record<string, unknown>;
for (const [name, f] of Object.entries(binary)) {
  proto[name] = function (this: Tensor, b: TensorLike) {
    return f(this, b);
  };
}
for (const [name, f] of Object.entries(unary)) {
  proto[name] = function (this: Tensor) {
    return f(this);
  };
}
P.relu = function () {
  return relu(this);
};
P.sigmoid = function () {
  return sigmoid(this);
};
P.gelu = function (approximate) {
  return gelu(this, approximate);
};
P.cast = function (dtype) {
  return ew.cast(this, dtype);
};
P.sum = function (axis, keepdims) {
  return sum(this, axis, keepdims);
};
P.mean = function (axis, keepdims) {
  return mean(this, axis, keepdims);
};
P.max = function (axis, keepdims) {
  return max(this, axis, keepdims);
};
P.min = function (axis, keepdims) {
  return min(this, axis, keepdims);
};
P.argmax = function (axis, keepdims) {
  return argmax(this, axis, keepdims);
};
P.argmin = function (axis, keepdims) {
  return argmin(this, axis, keepdims);
};
P.var = function (axis, keepdims, correction) {
  return variance(this, axis, keepdims, correction);
};
P.logsumexp = function (axis, keepdims) {
  return logsumexp(this, axis, keepdims);
};
P.softmax = function (axis) {
  return softmax(this, axis);
};
P.logSoftmax = function (axis) {
  return logSoftmax(this, axis);
};
P.matmul = function (b) {
  return matmul(this, b);
};
P.reshape = function (shape) {
  return v.reshape(this, shape);
};
P.flatten = function (s, e) {
  return v.flatten(this, s, e);
};
P.permute = function (perm) {
  return v.permute(this, perm);
};
P.transpose = function (perm) {
  return v.transpose(this, perm);
};
Object.defineProperty(P, 'mT', {
  get(this: Tensor) {
    return v.swapAxes(this, -1, -2);
  },
});
P.broadcastTo = function (shape) {
  return v.broadcastTo(this, shape);
};
P.slice = function (specs) {
  return v.slice(this, specs);
};
P.squeeze = function (axis) {
  return v.squeeze(this, axis);
};
P.expandDims = function (axis) {
  return v.expandDims(this, axis);
};
P.contiguous = function () {
  return v.contiguous(this);
};
