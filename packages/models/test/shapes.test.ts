import { randn, ShapeError, scope } from '@isotropic/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { type Backbone, ConvNeXt, createModel, VisionTransformer } from '../src/index.js';

const images = (b: number, h: number, w = h, c = 3) => randn([b, c, h, w], { seed: h * 31 + w });

/** Runs features, embedding and forward in one scope and returns their shapes. */
function shapesOf(model: Backbone, b: number, h: number, w = h) {
  return scope(() => {
    const x = images(b, h, w);
    const features = model.forwardFeatures(x);
    return {
      features: features.shape,
      embedding: model.poolFeatures(features).shape,
      output: model.call(x).shape,
    };
  });
}

describe('ViT output shapes', () => {
  const vit32 = createModel('vit_tiny_patch4_32').eval();
  const vit28 = createModel('vit_tiny_patch4_28', { numClasses: 10 }).eval();
  const vit64 = createModel('vit_tiny_patch16_224', { imgSize: 64, globalPool: 'avg', depth: 2 }).eval();
  afterAll(() => {
    for (const m of [vit32, vit28, vit64]) m.dispose();
  });

  it('vit_tiny_patch4_32 on 32 px: 1 class token + 64 patches, embedding 192', () => {
    expect(vit32.embedDim).toBe(192);
    expect(vit32.featureLayout).toBe('tokens');
    expect(shapesOf(vit32, 2, 32)).toEqual({ features: [2, 65, 192], embedding: [2, 192], output: [2, 192] });
  });

  it('vit_tiny_patch4_28 on 28 px with a 10-class head: 49 patches, logits (B, 10)', () => {
    expect(shapesOf(vit28, 3, 28)).toEqual({ features: [3, 50, 192], embedding: [3, 192], output: [3, 10] });
  });

  it('imgSize 64 with patch 16 and average pooling: 16 patches', () => {
    expect(shapesOf(vit64, 1, 64)).toEqual({ features: [1, 17, 192], embedding: [1, 192], output: [1, 192] });
  });

  it('non-square images and register tokens', () => {
    const model = new VisionTransformer({
      imgSize: [16, 24],
      patchSize: 8,
      embedDim: 8,
      depth: 1,
      numHeads: 2,
      regTokens: 4,
    });
    expect(shapesOf(model, 2, 16, 24)).toEqual({ features: [2, 11, 8], embedding: [2, 8], output: [2, 8] });
    model.dispose();
  });

  it('other image sizes are an error naming the model, unless dynamicImgSize', () => {
    expect(() => shapesOf(vit32, 1, 48)).toThrow(ShapeError);
    expect(() => shapesOf(vit32, 1, 48)).toThrow(/vit_tiny_patch4_32: expected 32x32 images, got 48x48/);
    expect(() => scope(() => vit32.call(randn([1, 1, 32, 32])))).toThrow(
      /vit_tiny_patch4_32: expected images \(B, 3, H, W\), got \[1,1,32,32\]/,
    );
    const dynamic = createModel('vit_tiny_patch4_32', { dynamicImgSize: true, depth: 1 });
    // multi-crop: 32 px global views and 16 px local views through one model
    expect(shapesOf(dynamic, 2, 16)).toEqual({
      features: [2, 17, 192],
      embedding: [2, 192],
      output: [2, 192],
    });
    expect(shapesOf(dynamic, 1, 48, 40)).toEqual({
      features: [1, 121, 192],
      embedding: [1, 192],
      output: [1, 192],
    });
    dynamic.dispose();
  });
});

describe('ConvNeXt output shapes', () => {
  const atto = createModel('convnext_atto').eval();
  const attoSmall = createModel('convnext_atto_patch1', { numClasses: 10 }).eval();
  afterAll(() => {
    atto.dispose();
    attoSmall.dispose();
  });

  it('convnext_atto (stride 32): 64 px -> 2x2 maps, 224 px -> 7x7', () => {
    expect(atto.featureLayout).toBe('map');
    expect(atto.embedDim).toBe(320);
    expect(shapesOf(atto, 2, 64)).toEqual({
      features: [2, 320, 2, 2],
      embedding: [2, 320],
      output: [2, 320],
    });
    expect(shapesOf(atto, 1, 224).features).toEqual([1, 320, 7, 7]);
  });

  it('convnext_atto_patch1 (stride 8) keeps small images: 32 px -> 4x4, 28 px -> 3x3', () => {
    expect(shapesOf(attoSmall, 2, 32)).toEqual({
      features: [2, 320, 4, 4],
      embedding: [2, 320],
      output: [2, 10],
    });
    expect(shapesOf(attoSmall, 1, 28).features).toEqual([1, 320, 3, 3]);
  });

  it('V2, and too-small images are an error naming the model', () => {
    const v2 = createModel('convnextv2_atto', { depths: [1, 1, 1, 1] }).eval();
    expect(shapesOf(v2, 2, 32)).toEqual({ features: [2, 320, 1, 1], embedding: [2, 320], output: [2, 320] });
    expect(() => shapesOf(v2, 1, 28)).toThrow(/convnextv2_atto: 28x28 images vanish before the last stage/);
    v2.dispose();
  });

  it('a stride-2 stem gets a stage-0 downsample, as in timm', () => {
    const model = new ConvNeXt({ depths: [1, 1, 1, 1], dims: [8, 8, 8, 8], patchSize: 2 });
    expect(model.reduction).toBe(32);
    expect(Object.keys(scope(() => model.stateDict()))).toContain('stages.0.downsample.1.weight');
    expect(shapesOf(model, 1, 64).features).toEqual([1, 8, 2, 2]);
    model.dispose();
  });
});
