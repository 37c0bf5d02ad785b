import { AdamW, Conv2d, Linear } from '@isotropic/nn';
import { mean, randn, relu, scope, square, sub, type Tensor } from '@isotropic/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Backbone,
  type BackboneOptions,
  createModel,
  listModels,
  ModelOptionError,
  ModelRegistryError,
  modelInfo,
  registerBackbone,
  UnknownModelError,
  unregisterBackbone,
} from '../src/index.js';

describe('the built-in registry', () => {
  it("lists timm's names and the small-image variants, sorted, with timm-style glob filters", () => {
    const names = listModels();
    for (const name of [
      'vit_tiny_patch16_224',
      'vit_small_patch16_224',
      'vit_base_patch16_224',
      'vit_small_patch8_224',
      'vit_base_patch14_224',
      'vit_tiny_patch4_28',
      'vit_tiny_patch4_32',
      'vit_small_patch4_64',
      'convnext_atto',
      'convnext_femto',
      'convnext_pico',
      'convnext_nano',
      'convnext_tiny',
      'convnextv2_atto',
      'convnextv2_tiny',
      'convnext_atto_patch1',
    ]) {
      expect(names).toContain(name);
    }
    expect(names).toEqual([...names].sort());
    const small = listModels('vit_*_patch4_32');
    expect(small).toEqual(
      expect.arrayContaining(['vit_base_patch4_32', 'vit_small_patch4_32', 'vit_tiny_patch4_32']),
    );
    expect(small.every((n) => /^vit_[a-z]+_patch4_32$/.test(n))).toBe(true);
    expect(listModels('convnextv2_*')).toHaveLength(10);
  });

  it('says what each name is in timm', () => {
    expect(modelInfo('vit_small_patch16_224').timm).toBe("timm.create_model('vit_small_patch16_224')");
    expect(modelInfo('vit_tiny_patch4_32').timm).toBe(
      "timm.create_model('vit_tiny_patch16_224', patch_size=4, img_size=32)",
    );
    expect(modelInfo('convnext_atto_patch1')).toMatchObject({
      family: 'convnext',
      timm: "timm.create_model('convnext_atto', patch_size=1)",
      preset: { patchSize: 1, convMlp: true },
    });
  });

  it('the same key gives the same weights', () => {
    const weights = (seed: number) =>
      scope(() => {
        const model = createModel('convnext_atto', { depths: [1, 1, 1, 1], key: [seed, 0] });
        const values = Object.values(model.stateDict()).map((t) => Array.from(t.dataSync()));
        model.dispose();
        return values;
      });
    expect(weights(1)).toEqual(weights(1));
    expect(weights(1)).not.toEqual(weights(2));
  });

  it('unknown names throw UnknownModelError with close names', () => {
    expect(() => createModel('vit_tiny_patch16_244')).toThrow(UnknownModelError);
    expect(() => createModel('vit_tiny_patch16_244')).toThrow(/did you mean 'vit_tiny_patch16_224'/);
    expect(() => modelInfo('convnext_ato')).toThrow(/'convnext_atto'/);
  });

  it('unknown or bad options throw ModelOptionError naming the model and the option', () => {
    const bad = { globalpool: 'avg' } as BackboneOptions;
    expect(() => createModel('vit_tiny_patch4_32', bad)).toThrow(ModelOptionError);
    expect(() => createModel('vit_tiny_patch4_32', bad)).toThrow(
      /vit_tiny_patch4_32: option 'globalpool' is not an option of this model/,
    );
    expect(() => createModel('vit_tiny_patch4_32', { numHeads: 5 })).toThrow(
      /vit_tiny_patch4_32: option 'numHeads' \(5\) must divide embedDim \(192\)/,
    );
    expect(() => createModel('vit_tiny_patch4_32', { classToken: false })).toThrow(/option 'globalPool'/);
    expect(() => createModel('vit_tiny_patch4_32', { dropPathRate: 1 })).toThrow(/option 'dropPathRate'/);
    expect(() => createModel('convnext_atto', { depths: [2, 2, 2] })).toThrow(
      /convnext_atto: option 'depths' needs 4 values/,
    );
    expect(() => createModel('convnext_atto', { kernelSizes: 4 })).toThrow(/option 'kernelSizes'/);
  });
});

/** A user's backbone's own options. */
interface TinyOptions extends BackboneOptions {
  readonly width?: number;
}

/** A user's backbone: two convs and a global average pool. */
class TinyCnn extends Backbone {
  readonly featureLayout = 'map';
  readonly embedDim: number;
  readonly conv1: Conv2d;
  readonly conv2: Conv2d;
  readonly proj: Linear;

  constructor(options: TinyOptions) {
    super();
    const width = options.width ?? 8;
    this.embedDim = width;
    this.conv1 = new Conv2d(options.inChans ?? 3, width, 3, { padding: 1, key: [1, 1], initStd: 0.3 });
    this.conv2 = new Conv2d(width, width, 3, { stride: 2, padding: 1, key: [1, 2], initStd: 0.3 });
    this.proj = new Linear(width, width, { key: [1, 3], initStd: 0.3 });
  }

  forwardFeatures(images: Tensor): Tensor {
    return relu(this.conv2.call(relu(this.conv1.call(images))));
  }

  poolFeatures(features: Tensor): Tensor {
    return this.proj.call(mean(features, [2, 3]));
  }
}

describe('registerBackbone', () => {
  afterEach(() => {
    unregisterBackbone('test_tiny_cnn');
  });

  it('a registered backbone trains through createModel -> embed -> loss -> backward -> AdamW', () => {
    registerBackbone('test_tiny_cnn', (options: TinyOptions) => new TinyCnn(options), {
      description: 'two convs, for the tests',
    });
    expect(listModels('test_*')).toEqual(['test_tiny_cnn']);
    expect(modelInfo('test_tiny_cnn')).toMatchObject({
      family: 'custom',
      description: 'two convs, for the tests',
    });
    const model = createModel<TinyOptions>('test_tiny_cnn', { width: 6 });
    expect(model.embedDim).toBe(6);
    const optimizer = new AdamW(model.parameters(), { lr: 0.03 });
    const images = randn([8, 3, 8, 8], { seed: 3 }).keep();
    const targets = randn([8, 6], { seed: 4 }).keep();
    const losses: number[] = [];
    for (let step = 0; step < 15; step++) {
      scope(() => {
        const loss = mean(square(sub(model.embed(images), targets)));
        losses.push(loss.dataSync()[0]!);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
      });
    }
    expect(losses.at(-1)!).toBeLessThan(0.7 * losses[0]!);
    images.dispose();
    targets.dispose();
    model.dispose();
  });

  it('guards names: built-ins stay, duplicates need overwrite, names are checked', () => {
    const factory = (o: BackboneOptions) => new TinyCnn(o);
    expect(() => registerBackbone('vit_tiny_patch16_224', factory)).toThrow(/is a built-in model/);
    registerBackbone('test_tiny_cnn', factory);
    expect(() => registerBackbone('test_tiny_cnn', factory)).toThrow(ModelRegistryError);
    registerBackbone('test_tiny_cnn', factory, { overwrite: true });
    expect(() => registerBackbone('bad name', factory)).toThrow(/registerBackbone: a name is/);
    expect(unregisterBackbone('vit_tiny_patch16_224')).toBe(false);
  });

  it('a factory that returns something else fails at createModel', () => {
    registerBackbone('test_tiny_cnn', () => ({ embedDim: 4 }) as unknown as Backbone);
    expect(() => createModel('test_tiny_cnn')).toThrow(/must return a Backbone/);
  });
});
