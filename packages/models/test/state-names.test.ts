import { deserializeSafetensors, StateDictError, serializeSafetensors } from '@isotropic/nn';
import { randn, scope, type Tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { type Backbone, createModel, resamplePosEmbed, VisionTransformer } from '../src/index.js';

/** name -> shape of a model's state dict (the model is disposed). */
function stateShapes(model: Backbone): Record<string, readonly number[]> {
  try {
    return scope(() => Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, t.shape])));
  } finally {
    model.dispose();
  }
}

describe("state names and shapes are timm's", () => {
  it('convnext_atto (conv MLP): 128 tensors, e.g. stem.0, stages.1.downsample.1, mlp.fc1 as a 1x1 conv', () => {
    const shapes = stateShapes(createModel('convnext_atto', { numClasses: 1000 }));
    // 4 stem + 12 blocks x 9 + 3 downsamples x 4 + 4 head
    expect(Object.keys(shapes)).toHaveLength(128);
    expect(shapes).toMatchObject({
      'stem.0.weight': [40, 3, 4, 4],
      'stem.0.bias': [40],
      'stem.1.weight': [40],
      'stages.0.blocks.0.gamma': [40],
      'stages.0.blocks.0.conv_dw.weight': [40, 1, 7, 7],
      'stages.0.blocks.0.conv_dw.bias': [40],
      'stages.0.blocks.0.norm.weight': [40],
      'stages.0.blocks.0.mlp.fc1.weight': [160, 40, 1, 1],
      'stages.0.blocks.0.mlp.fc2.weight': [40, 160, 1, 1],
      'stages.1.downsample.0.weight': [40],
      'stages.1.downsample.1.weight': [80, 40, 2, 2],
      'stages.2.blocks.5.mlp.fc2.bias': [160],
      'stages.3.blocks.1.gamma': [320],
      'head.norm.weight': [320],
      'head.fc.weight': [1000, 320],
      'head.fc.bias': [1000],
    });
    expect(Object.keys(shapes).some((k) => k.startsWith('stages.0.downsample'))).toBe(false);
  });

  it('convnext_tiny has Linear MLPs; convnextv2 has GRN and no gamma; no classes, no head.fc', () => {
    const v1 = stateShapes(createModel('convnext_tiny', { depths: [1, 1, 1, 1] }));
    expect(v1['stages.0.blocks.0.mlp.fc1.weight']).toEqual([384, 96]);
    expect(v1['head.norm.weight']).toEqual([768]);
    expect(v1['head.fc.weight']).toBeUndefined();
    const v2 = stateShapes(createModel('convnextv2_atto', { depths: [1, 1, 1, 1] }));
    expect(v2['stages.0.blocks.0.mlp.grn.weight']).toEqual([160]);
    expect(v2['stages.0.blocks.0.mlp.grn.bias']).toEqual([160]);
    expect(v2['stages.0.blocks.0.gamma']).toBeUndefined();
  });

  it('vit_tiny_patch16_224: 152 tensors named as timm', () => {
    const shapes = stateShapes(createModel('vit_tiny_patch16_224', { numClasses: 1000 }));
    // cls_token, pos_embed, patch_embed.proj.{weight,bias}, 12 blocks x 12, norm x 2, head x 2
    expect(Object.keys(shapes)).toHaveLength(152);
    expect(shapes).toMatchObject({
      cls_token: [1, 1, 192],
      pos_embed: [1, 197, 192],
      'patch_embed.proj.weight': [192, 3, 16, 16],
      'patch_embed.proj.bias': [192],
      'blocks.0.norm1.weight': [192],
      'blocks.0.attn.qkv.weight': [576, 192],
      'blocks.0.attn.qkv.bias': [576],
      'blocks.0.attn.proj.weight': [192, 192],
      'blocks.0.norm2.bias': [192],
      'blocks.0.mlp.fc1.weight': [768, 192],
      'blocks.11.mlp.fc2.weight': [192, 768],
      'norm.weight': [192],
      'head.weight': [1000, 192],
    });
  });

  it('average pooling has fc_norm (not norm); registers and LayerScale add reg_token and ls{1,2}.gamma', () => {
    const shapes = stateShapes(
      createModel('vit_tiny_patch4_32', { depth: 1, globalPool: 'avg', regTokens: 4, initValues: 1e-5 }),
    );
    expect(shapes).toMatchObject({
      reg_token: [1, 4, 192],
      pos_embed: [1, 69, 192],
      'fc_norm.weight': [192],
      'blocks.0.ls1.gamma': [192],
      'blocks.0.ls2.gamma': [192],
    });
    expect(shapes['norm.weight']).toBeUndefined();
    const noEmbedClass = stateShapes(
      createModel('vit_tiny_patch4_32', { depth: 1, regTokens: 4, noEmbedClass: true }),
    );
    expect(noEmbedClass.pos_embed).toEqual([1, 64, 192]);
  });
});

describe('checkpoints', () => {
  const tiny = (imgSize: number) =>
    new VisionTransformer({ imgSize, patchSize: 4, embedDim: 8, depth: 1, numHeads: 2, numClasses: 3 });

  it('round-trip through safetensors with the same outputs', async () => {
    const source = tiny(16);
    const target = tiny(16);
    const file = await serializeSafetensors(scope(() => source.stateDict()));
    scope(() => {
      target.loadStateDict(deserializeSafetensors(file).tensors);
      const x = randn([2, 3, 16, 16], { seed: 8 });
      expect(Array.from(target.call(x).dataSync())).toEqual(Array.from(source.call(x).dataSync()));
    });
  });

  it("resample pos_embed made for another image size on load (bicubic, as timm's checkpoint filter)", () => {
    const small = tiny(16); // 4x4 grid
    const large = tiny(24); // 6x6 grid
    scope(() => {
      const state = small.stateDict();
      large.loadStateDict(state);
      const expected = resamplePosEmbed(state.pos_embed as Tensor, { from: [4, 4], to: [6, 6] });
      expect(Array.from(large.posEmbed.value.dataSync())).toEqual(Array.from(expected.dataSync()));
      const bilinear = tiny(24);
      bilinear.loadStateDict(state, { interpolation: 'bilinear' });
      expect(Array.from(bilinear.posEmbed.value.dataSync())).not.toEqual(Array.from(expected.dataSync()));
      // other mismatches are still reported, with every problem listed
      expect(() => large.loadStateDict({ ...state, 'head.weight': randn([4, 8]) })).toThrow(StateDictError);
    });
  });
});
