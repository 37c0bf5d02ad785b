import { add, noGrad, randn, scope, square, sum, type Tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { type Backbone, ConvNeXt, SimpleCnn, VisionTransformer } from '../src/index.js';

/** Tiny configs that switch on every optional part: class and register tokens, LayerScale, GRN, heads. */
const tinyModels: Record<string, (dtype?: 'float32' | 'float64') => Backbone> = {
  'ViT, class token + registers + LayerScale + head': (dtype) =>
    new VisionTransformer({
      imgSize: 8,
      patchSize: 4,
      embedDim: 8,
      depth: 2,
      numHeads: 2,
      regTokens: 2,
      initValues: 0.1,
      numClasses: 3,
      dtype,
      key: [1, 2],
    }),
  'ViT, average pooling + no-embed-class registers, resampled to 12 px': (dtype) =>
    new VisionTransformer({
      imgSize: 8,
      patchSize: 4,
      embedDim: 8,
      depth: 1,
      numHeads: 2,
      globalPool: 'avg',
      regTokens: 1,
      noEmbedClass: true,
      dynamicImgSize: true,
      dtype,
      key: [3, 4],
    }),
  'ConvNeXt V1, Linear MLP + LayerScale + head': (dtype) =>
    new ConvNeXt({ depths: [1, 1, 1, 1], dims: [4, 8, 8, 12], numClasses: 3, dtype, key: [5, 6] }),
  'ConvNeXt V2, conv MLP + GRN, stride-1 stem': (dtype) =>
    new ConvNeXt({
      depths: [1, 1, 1, 1],
      dims: [4, 8, 8, 12],
      patchSize: 1,
      convMlp: true,
      useGrn: true,
      lsInitValue: null,
      dtype,
      key: [7, 8],
    }),
  'SimpleCnn, strides 1/2/2 + head': (dtype) =>
    new SimpleCnn({ widths: [4, 6, 8], numClasses: 3, dtype, key: [9, 10] }),
};

const inputSide = (name: string) =>
  name.includes('12 px') ? 12 : name.startsWith('ViT') ? 8 : name.includes('stride-1') ? 16 : 32;
const loss = (model: Backbone, x: Tensor) => sum(square(model.call(x)));

describe('gradients reach every parameter', () => {
  for (const [name, make] of Object.entries(tinyModels)) {
    it(name, () => {
      const model = make();
      scope(() => {
        loss(model, randn([3, 3, inputSide(name), inputSide(name)], { seed: 11 })).backward();
      });
      for (const [param, p] of model.namedParameters()) {
        expect(p.grad, `${param} has no gradient`).toBeDefined();
        const g = p.grad!.dataSync();
        expect(
          g.every((v) => Number.isFinite(v)),
          `${param} has a non-finite gradient`,
        ).toBe(true);
      }
      model.dispose();
    });
  }
});

describe('gradients match finite differences (float64, one random direction through all parameters)', () => {
  for (const [name, make] of Object.entries(tinyModels)) {
    it(name, () => {
      const model = make('float64');
      const params = model.parameters();
      scope(() => {
        const x = randn([2, 3, inputSide(name), inputSide(name)], { seed: 12, dtype: 'float64' });
        loss(model, x).backward();
        const directions = params.map((p, i) => randn(p.shape, { seed: 100 + i, dtype: 'float64' }));
        let analytic = 0;
        params.forEach((p, i) => {
          analytic += sum(p.grad!.mul(directions[i]!)).dataSync()[0]!;
        });
        const originals = params.map((p) => p.value.detach().keep());
        const lossAt = (eps: number) =>
          noGrad(() => {
            params.forEach((p, i) => {
              p.assign(add(originals[i]!, directions[i]!.mul(eps)));
            });
            return loss(model, x).dataSync()[0]!;
          });
        const eps = 1e-6;
        const numeric = (lossAt(eps) - lossAt(-eps)) / (2 * eps);
        expect(Math.abs(numeric - analytic)).toBeLessThan(1e-5 * Math.max(1, Math.abs(analytic)));
        for (const o of originals) o.dispose();
      });
      model.dispose();
    });
  }
});
