import { key } from '@isotropic/tensor';
import { describe, it } from 'vitest';
import {
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  GELU,
  LayerNorm,
  Linear,
  MLP,
  MultiHeadSelfAttention,
  ReLU,
  Sequential,
} from '../src/index.js';
import { checkModuleGrads } from './module-gradcheck.js';

const f64 = { dtype: 'float64', key: key(3) } as const;

describe('finite-difference gradients of every layer (float64, input and parameters)', () => {
  it('Linear on a batch of sequences', () => {
    checkModuleGrads(new Linear(4, 3, { ...f64, initStd: 0.5 }), [2, 3, 4]);
  });
  it('Linear without bias', () => {
    checkModuleGrads(new Linear(3, 2, { ...f64, bias: false, initStd: 0.5 }), [4, 3]);
  });
  it('LayerNorm (with non-trivial affine parameters)', () => {
    const ln = new LayerNorm(5, { dtype: 'float64' });
    ln.weight!.assign(ln.weight!.value.mul(1.5).add(0.1));
    ln.bias!.assign(ln.bias!.value.add(-0.2));
    checkModuleGrads(ln, [2, 3, 5]);
  });
  it('BatchNorm1d in training mode (batch statistics)', () => {
    checkModuleGrads(new BatchNorm1d(3, { dtype: 'float64' }), [4, 3]);
  });
  it('BatchNorm1d over (N, C, L)', () => {
    checkModuleGrads(new BatchNorm1d(2, { dtype: 'float64' }), [3, 2, 4]);
  });
  it('BatchNorm2d in training mode', () => {
    checkModuleGrads(new BatchNorm2d(2, { dtype: 'float64' }), [2, 2, 3, 3]);
  });
  it('BatchNorm2d in eval mode (running statistics)', () => {
    const bn = new BatchNorm2d(2, { dtype: 'float64' });
    bn.eval();
    checkModuleGrads(bn, [2, 2, 3, 3]);
  });
  it('Conv2d with stride and padding', () => {
    checkModuleGrads(new Conv2d(2, 3, 3, { ...f64, stride: 2, padding: 1, initStd: 0.5 }), [2, 2, 5, 5]);
  });
  it('Conv2d with groups and dilation', () => {
    checkModuleGrads(
      new Conv2d(4, 2, [2, 3], { ...f64, groups: 2, dilation: [2, 1], initStd: 0.5 }),
      [1, 4, 5, 5],
    );
  });
  it('depthwise Conv2d (groups = channels)', () => {
    checkModuleGrads(new Conv2d(3, 3, 3, { ...f64, groups: 3, padding: 1, initStd: 0.5 }), [2, 3, 4, 4]);
  });
  it('MultiHeadSelfAttention with qkv bias', () => {
    const attn = new MultiHeadSelfAttention(8, 2, { ...f64, qkvBias: true, initStd: 0.3 });
    attn.qkv.bias!.assign(attn.qkv.bias!.value.add(0.05));
    checkModuleGrads(attn, [2, 3, 8]);
  });
  it('MLP (GELU)', () => {
    checkModuleGrads(new MLP(4, { ...f64, hiddenFeatures: 6, outFeatures: 3, initStd: 0.5 }), [3, 4]);
  });
  it('Sequential of Linear, ReLU, LayerNorm, GELU (tanh)', () => {
    const net = new Sequential(
      new Linear(3, 5, { ...f64, initStd: 0.7 }),
      new ReLU(),
      new LayerNorm(5, { dtype: 'float64' }),
      new GELU('tanh'),
      new Linear(5, 2, { ...f64, key: key(4), initStd: 0.7 }),
    );
    checkModuleGrads(net, [4, 3]);
  });
});
