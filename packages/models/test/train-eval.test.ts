import type { BatchNorm1d, DropPath } from '@isotropic/nn';
import { mean, ones, randn, scope, variance } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { ConvNeXt, createProjector, VisionTransformer } from '../src/index.js';

const tinyVit = (dropPathRate: number) =>
  new VisionTransformer({
    imgSize: 8,
    patchSize: 4,
    embedDim: 8,
    depth: 3,
    numHeads: 2,
    dropPathRate,
    key: [9, 9],
  });

describe('DropPath (stochastic depth) as in timm', () => {
  it('rates rise linearly over the blocks: ViT per block, ConvNeXt over all blocks', () => {
    const vit = tinyVit(0.2);
    expect([...vit.blocks].map((b) => [b.dropPath1.p, b.dropPath2.p])).toEqual([
      [0, 0],
      [0.1, 0.1],
      [0.2, 0.2],
    ]);
    const convnext = new ConvNeXt({ depths: [1, 2, 1, 1], dims: [4, 4, 4, 4], dropPathRate: 0.4 });
    const rates = [...convnext.stages].flatMap((s) => [...s.blocks].map((b) => b.dropPath.p));
    expect(rates.map((r) => Number(r.toFixed(12)))).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    vit.dispose();
    convnext.dispose();
  });

  it('is the identity in eval: the model equals the same weights without DropPath', () => {
    const dropping = tinyVit(0.5).eval();
    const plain = tinyVit(0);
    scope(() => {
      plain.loadStateDict(dropping.stateDict());
      const x = randn([4, 3, 8, 8], { seed: 1 });
      expect(Array.from(dropping.call(x).dataSync())).toEqual(Array.from(plain.eval().call(x).dataSync()));
    });
    dropping.dispose();
    plain.dispose();
  });

  it('drops whole samples in training and scales the kept ones by 1 / keep', () => {
    const vit = tinyVit(0.5);
    const layer: DropPath = vit.blocks.at(2)!.dropPath1; // rate 0.5
    scope(() => {
      const x = ones([400, 5, 8]);
      const y = layer.call(x).dataSync();
      let dropped = 0;
      for (let s = 0; s < 400; s++) {
        const sample = y.slice(s * 40, (s + 1) * 40);
        const value = sample[0]!;
        expect(value === 0 || value === 2, `sample ${s}: ${value}`).toBe(true);
        expect(sample.every((v) => v === value)).toBe(true); // one decision per sample
        if (value === 0) dropped++;
      }
      expect(dropped / 400).toBeGreaterThan(0.4);
      expect(dropped / 400).toBeLessThan(0.6);
      vit.eval();
      expect(layer.call(x)).toBe(x);
    });
    vit.dispose();
  });
});

describe('projector BatchNorm: batch statistics in training, running statistics in eval', () => {
  it('normalises with the batch in train(), updates the running statistics, uses them in eval()', () => {
    const projector = createProjector({ inDim: 6, hiddenDim: 16, outDim: 4, key: [2, 3] });
    const bn = projector.at(1) as BatchNorm1d;
    scope(() => {
      const x = randn([32, 6], { seed: 5 }).mul(3).add(1);
      const hidden = bn.call(projector.at(0)!.call(x));
      // per-feature batch mean 0 and (biased) variance 1 before the affine part (weight 1, bias 0)
      expect(Math.max(...Array.from(mean(hidden, 0).dataSync()).map(Math.abs))).toBeLessThan(1e-5);
      expect(
        Math.max(...Array.from(variance(hidden, 0).dataSync()).map((v) => Math.abs(v - 1))),
      ).toBeLessThan(1e-3);
      expect(bn.numBatchesTracked!.value.dataSync()[0]).toBe(1);
      const trained = projector.call(x).dataSync();
      projector.eval();
      const before = Array.from(bn.runningMean!.value.dataSync());
      const evaluated = projector.call(x).dataSync();
      expect(Array.from(bn.runningMean!.value.dataSync())).toEqual(before); // eval does not update
      expect(Array.from(evaluated)).not.toEqual(Array.from(trained));
    });
    projector.dispose();
  });
});
