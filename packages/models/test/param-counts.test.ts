import { describe, expect, it } from 'vitest';
import { type ConvNeXt, createModel, type VisionTransformer } from '../src/index.js';

/*
 * Parameter counts from timm's definitions, by hand.
 *
 * ViT, embed dim D, patch p, N = (224 / p)² patches, MLP hidden 4D, 1000 classes:
 *   patch_embed.proj   3·p²·D + D
 *   cls_token          D
 *   pos_embed          (N + 1)·D
 *   block              norm1 2D + qkv (3D² + 3D) + proj (D² + D) + norm2 2D
 *                      + fc1 (4D² + 4D) + fc2 (4D² + D)              = 12D² + 13D
 *   norm               2D
 *   head               1000·D + 1000
 * vit_tiny_patch16_224  (D 192):    147,648 + 192 + 37,824 + 12·444,864   + 384   + 193,000 =  5,717,416
 * vit_small_patch16_224 (D 384):    295,296 + 384 + 75,648 + 12·1,774,464 + 768   + 385,000 = 22,050,664
 * vit_base_patch16_224  (D 768):    590,592 + 768 + 151,296 + 12·7,087,872 + 1,536 + 769,000 = 86,567,656
 * vit_tiny_patch4_32 (D 192, 64 patches, no head): 9,408 + 192 + 12,480 + 12·444,864 + 384 = 5,360,832
 *
 * ConvNeXt, stage widths c0..c3, 1000 classes:
 *   stem               conv 3·4·4·c0 + c0, LayerNorm2d 2c0
 *   block (V1)         conv_dw 49c + c, norm 2c, fc1 4c² + 4c, fc2 4c² + c, gamma c   = 8c² + 58c
 *   block (V2)         no gamma, grn 2·4c                                             = 8c² + 65c
 *   downsample a -> b  LayerNorm2d 2a + conv 4ab + b
 *   head               norm 2c3 + fc 1000·c3 + 1000
 * convnext_atto (40, 80, 160, 320; depths 2, 2, 6, 2):
 *   2,040 + 2·15,120 + 2·55,840 + 6·214,080 + 2·837,760 + (12,960 + 51,520 + 205,440) + 321,640 = 3,695,520
 *   (the brief quoted 3,716,764; timm's definition gives 3,695,520, "3.7M" in timm's tables)
 * convnext_tiny (96, 192, 384, 768; depths 3, 3, 9, 3):
 *   4,896 + 3·79,296 + 3·306,048 + 9·1,201,920 + 3·4,763,136 + (74,112 + 295,680 + 1,181,184) + 770,536
 *   = 28,589,128
 * convnextv2_atto: 3,695,520 - 12·gamma + 12·grn = 3,708,400;  convnextv2_tiny: 28,635,496
 */

/** Counts a ViT of `depth` blocks from a 1-block build (building ViT-B in full takes seconds). */
function vitCount(name: string, depth: number): number {
  const shallow = createModel(name, { numClasses: 1000, depth: 1 }) as VisionTransformer;
  const count = shallow.numParameters() + (depth - 1) * shallow.blocks.at(0)!.numParameters();
  shallow.dispose();
  return count;
}

/** Counts a ConvNeXt from a build with one block per stage, plus the other blocks' share. */
function convnextCount(name: string, depths: readonly number[]): number {
  const shallow = createModel(name, { numClasses: 1000, depths: [1, 1, 1, 1] }) as ConvNeXt;
  let count = shallow.numParameters();
  depths.forEach((d, i) => {
    count += (d - 1) * shallow.stages.at(i)!.blocks.at(0)!.numParameters();
  });
  shallow.dispose();
  return count;
}

describe('parameter counts equal timm', () => {
  it('vit_tiny_patch16_224: 5,717,416 (built in full)', () => {
    const model = createModel('vit_tiny_patch16_224', { numClasses: 1000 });
    expect(model.numParameters()).toBe(5_717_416);
    model.dispose();
  });

  it('vit_small_patch16_224: 22,050,664; vit_base_patch16_224: 86,567,656', () => {
    expect(vitCount('vit_small_patch16_224', 12)).toBe(22_050_664);
    expect(vitCount('vit_base_patch16_224', 12)).toBe(86_567_656);
  });

  it('convnext_atto: 3,695,520 (built in full)', () => {
    const model = createModel('convnext_atto', { numClasses: 1000 });
    expect(model.numParameters()).toBe(3_695_520);
    model.dispose();
  });

  it('convnext_tiny: 28,589,128; convnextv2_atto: 3,708,400; convnextv2_tiny: 28,635,496', () => {
    expect(convnextCount('convnext_tiny', [3, 3, 9, 3])).toBe(28_589_128);
    expect(convnextCount('convnextv2_atto', [2, 2, 6, 2])).toBe(3_708_400);
    expect(convnextCount('convnextv2_tiny', [3, 3, 9, 3])).toBe(28_635_496);
  });

  it('without classes there is no classifier: vit_tiny_patch4_32 5,360,832, convnext_atto_patch1 3,372,720', () => {
    // vit_tiny_patch4_32: 9,408 + 192 + 12,480 + 12·444,864 + 384 (above);
    // convnext_atto_patch1: 3,695,520 - 321,000 (head.fc) - 1,800 (stem conv 3·16·40 -> 3·1·40)
    for (const [name, count] of [
      ['vit_tiny_patch4_32', 5_360_832],
      ['convnext_atto_patch1', 3_372_720],
    ] as const) {
      const model = createModel(name);
      expect(model.numParameters(), name).toBe(count);
      model.dispose();
    }
  });
});
