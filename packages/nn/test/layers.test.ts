import {
  key,
  mean,
  memory,
  noGrad,
  randn,
  ShapeError,
  scope,
  sum,
  tensor,
  variance,
  zeros,
} from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import {
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Dropout,
  DropPath,
  Identity,
  LayerNorm,
  Linear,
  MultiHeadSelfAttention,
  truncNormal,
} from '../src/index.js';

const values = (t: { dataSync(): ArrayLike<number> }) => Array.from(t.dataSync());

describe('BatchNorm', () => {
  it('updates running statistics with momentum 0.1 and the unbiased variance', () => {
    const bn = new BatchNorm1d(2, { dtype: 'float64' });
    const x = tensor(
      [
        [1, 10],
        [2, 20],
        [4, 60],
      ],
      undefined,
      { dtype: 'float64' },
    );
    bn.call(x);
    // channel 0: mean 7/3, unbiased var 7/3; channel 1: mean 30, unbiased var 700
    const rm = values(bn.runningMean!.value);
    const rv = values(bn.runningVar!.value);
    expect(rm[0]).toBeCloseTo(0.1 * (7 / 3), 12);
    expect(rm[1]).toBeCloseTo(3, 12);
    expect(rv[0]).toBeCloseTo(0.9 + 0.1 * (7 / 3), 12);
    expect(rv[1]).toBeCloseTo(0.9 + 70, 12);
    expect(values(bn.numBatchesTracked!.value)).toEqual([1]);
  });

  it('normalises with batch statistics in training and running statistics in eval', () => {
    const bn = new BatchNorm2d(3);
    const x = randn([4, 3, 5, 5], { seed: 1 }).mul(3).add(2);
    const y = bn.call(x);
    expect(Math.abs(mean(y).dataSync()[0]!)).toBeLessThan(1e-5);
    expect(variance(y).dataSync()[0]!).toBeCloseTo(1, 3);
    bn.eval();
    const rm = bn.runningMean!.value.reshape([1, 3, 1, 1]);
    const rv = bn.runningVar!.value.reshape([1, 3, 1, 1]);
    const want = x.sub(rm).div(rv.add(1e-5).sqrt());
    const got = bn.call(x);
    values(got).forEach((v, i) => {
      expect(v).toBeCloseTo(want.dataSync()[i]!, 5);
    });
  });

  it('names its buffers like PyTorch and checks its input', () => {
    const bn = new BatchNorm2d(4);
    expect(bn.namedBuffers().map(([n]) => n)).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
    expect(() => bn.call(zeros([2, 3, 4, 4]))).toThrow(
      /BatchNorm2d\(4\): expected input \(N, C, H, W\) with C = 4, got \[2,3,4,4\]/,
    );
    expect(() => new BatchNorm1d(2).call(zeros([1, 2]))).toThrow(/more than one value per channel/);
  });

  it('does not grow memory over many training steps', () => {
    const bn = new BatchNorm1d(4);
    const x = randn([8, 4], { seed: 2 });
    let reference = memory();
    for (let i = 0; i < 50; i++) {
      scope(() => {
        bn.call(x);
      });
      if (i === 2) reference = memory();
    }
    expect(memory().liveStorages).toBe(reference.liveStorages);
  });
});

describe('Dropout and DropPath', () => {
  it('Dropout is reproducible from its key, scales kept elements, and is the identity in eval', () => {
    const x = tensor(new Array(1000).fill(1), [1000]);
    const a = new Dropout(0.25, { key: key(9) });
    const b = new Dropout(0.25, { key: key(9) });
    const ya = a.call(x);
    expect(values(ya)).toEqual(values(b.call(x)));
    expect(values(ya)).not.toEqual(values(a.call(x))); // a new mask per call
    const kept = values(ya).filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.75)]));
    expect(kept.length / 1000).toBeGreaterThan(0.7);
    expect(kept.length / 1000).toBeLessThan(0.8);
    a.eval();
    expect(a.call(x)).toBe(x);
  });

  it('DropPath drops whole samples', () => {
    const dp = new DropPath(0.5, { key: key(3) });
    const y = dp.call(tensor(new Array(64 * 6).fill(1), [64, 2, 3])).arraySync() as number[][][];
    const perSample = y.map((s) => new Set(s.flat()));
    expect(perSample.every((s) => s.size === 1)).toBe(true);
    const dropped = perSample.filter((s) => s.has(0)).length;
    expect(dropped).toBeGreaterThan(16);
    expect(dropped).toBeLessThan(48);
    expect(perSample.find((s) => !s.has(0))).toEqual(new Set([2]));
  });
});

describe('initialisation (timm style) and shapes', () => {
  it('Linear: trunc_normal(std 0.02) as timm, zero bias, same key same weights', () => {
    const l = new Linear(64, 64, { key: key(4) });
    const w = values(l.weight.value);
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeGreaterThan(0.019);
    expect(std).toBeLessThan(0.021);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(2);
    const tight = values(truncNormal([4096], 1, { key: key(5), a: -0.5, b: 0.5 }));
    expect(Math.max(...tight.map(Math.abs))).toBeLessThanOrEqual(0.5);
    expect(values(l.bias!.value).every((v) => v === 0)).toBe(true);
    expect(values(new Linear(64, 64, { key: key(4) }).weight.value)).toEqual(w);
  });

  it('LayerNorm starts at ones / zeros', () => {
    const ln = new LayerNorm([2, 3]);
    expect(values(ln.weight!.value)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(values(ln.bias!.value)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => ln.call(zeros([2, 3, 2]))).toThrow(ShapeError);
  });

  it('Conv2d depthwise has weight (C, 1, kh, kw)', () => {
    const conv = new Conv2d(6, 6, 3, { groups: 6, padding: 1 });
    expect(conv.weight.shape).toEqual([6, 1, 3, 3]);
    expect(conv.call(zeros([2, 6, 5, 5])).shape).toEqual([2, 6, 5, 5]);
    expect(() => new Conv2d(6, 4, 3, { groups: 4 })).toThrow(/groups=4 must divide inChannels 6/);
  });

  it('MultiHeadSelfAttention keeps (B, N, dim) and equals a hand-written single head', () => {
    const attn = new MultiHeadSelfAttention(4, 1, { qkvBias: true, key: key(8) });
    const x = randn([2, 3, 4], { seed: 5 });
    const y = attn.call(x);
    expect(y.shape).toEqual([2, 3, 4]);
    const want = noGrad(() => {
      const qkv = attn.qkv.call(x);
      const [q, k, v] = [0, 1, 2].map((i) => qkv.slice([null, null, [4 * i, 4 * i + 4]]));
      const w = q!.matmul(k!.mT).mul(0.5).softmax(-1);
      return attn.proj.call(w.matmul(v!));
    });
    values(y).forEach((v, i) => {
      expect(v).toBeCloseTo(want.dataSync()[i]!, 5);
    });
    expect(() => attn.call(zeros([3, 4]))).toThrow(/expected input \(B, N, 4\), got \[3,4\]/);
    expect(() => new MultiHeadSelfAttention(6, 4)).toThrow(/divisible/);
  });

  it('Linear names the layer and shapes in its error', () => {
    expect(() => new Linear(3, 2).call(zeros([4, 5]))).toThrow(
      /Linear\(3 -> 2\): expected input \[\.\.\., 3\], got \[4,5\]/,
    );
  });

  it('Identity returns its input', () => {
    const x = zeros([2]);
    expect(new Identity().call(x)).toBe(x);
    expect(sum(x).shape).toEqual([]);
  });
});
