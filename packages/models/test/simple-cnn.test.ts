import { randn, scope } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { createModel, listModels, ModelOptionError, modelInfo, SimpleCnn } from '../src/index.js';

describe('SimpleCnn (cnn_tiny, cnn_small)', () => {
  it('is in the registry as the cnn family, without a timm equivalent', () => {
    expect(listModels('cnn_*')).toEqual(['cnn_small', 'cnn_tiny']);
    expect(modelInfo('cnn_tiny')).toMatchObject({ family: 'cnn', preset: { widths: [32, 64, 128] } });
    expect(modelInfo('cnn_tiny').timm).toBeUndefined();
  });

  it('cnn_tiny has 92,896 parameters for 1-channel images and a 128-d embedding', () => {
    const m = createModel('cnn_tiny', { inChans: 1 });
    // convs without bias: 1·32·9 + 32·64·9 + 64·128·9 = 92,448; BatchNorm weight + bias: 2·(32+64+128) = 448
    expect(m.numParameters()).toBe(92_448 + 448);
    expect(m.embedDim).toBe(128);
    const names = m.namedParameters().map(([n]) => n);
    expect(names).toContain('stages.0.conv.weight');
    expect(names).toContain('stages.2.bn.bias');
    m.dispose();
  });

  it('pools any image size to (B, embedDim); strides 1/2/2 give 7x7 maps at 28 px and 4x4 at 14 px', () => {
    const m = createModel('cnn_tiny', { inChans: 1 }).eval();
    scope(() => {
      expect(m.forwardFeatures(randn([2, 1, 28, 28], { seed: 1 })).shape).toEqual([2, 128, 7, 7]);
      expect(m.forwardFeatures(randn([2, 1, 14, 14], { seed: 2 })).shape).toEqual([2, 128, 4, 4]);
      expect(m.embed(randn([3, 1, 32, 20], { seed: 3 })).shape).toEqual([3, 128]);
    });
    m.dispose();
  });

  it('a head gives logits; BatchNorm uses batch statistics in training and running ones in eval', () => {
    const m = new SimpleCnn({ widths: [4, 8], numClasses: 5, inChans: 3, key: [1, 1] });
    scope(() => {
      const x = randn([4, 3, 8, 8], { seed: 4 });
      expect(m.call(x).shape).toEqual([4, 5]);
      const bn = m.stages.at(0)!.bn;
      const before = bn.runningMean!.value.dataSync().slice();
      m.train();
      m.call(x);
      expect(bn.runningMean!.value.dataSync()).not.toEqual(before);
      m.eval();
      const a = m.call(x).dataSync();
      const b = m.call(x).dataSync();
      expect(a).toEqual(b);
    });
    m.dispose();
  });

  it('bad options and inputs are errors that name the model and what was expected', () => {
    expect(() => createModel('cnn_tiny', { widths: [8, 0] } as never)).toThrow(ModelOptionError);
    expect(() => createModel('cnn_tiny', { strides: [1, 2] } as never)).toThrow(
      /cnn_tiny.*strides.*one value per stage/,
    );
    expect(() => createModel('cnn_tiny', { kernelSize: 4 } as never)).toThrow(/odd positive integer/);
    expect(() => createModel('cnn_tiny', { depth: 3 } as never)).toThrow(/not an option/);
    const m = createModel('cnn_tiny', { inChans: 1 });
    expect(() => scope(() => m.embed(randn([2, 3, 28, 28], { seed: 5 })))).toThrow(
      /cnn_tiny: expected images \(B, 1, H, W\)/,
    );
    expect(() => scope(() => m.embed(randn([1, 1, 3, 3], { seed: 6 })))).toThrow(
      /smaller than the total stride 4/,
    );
    m.dispose();
  });
});
