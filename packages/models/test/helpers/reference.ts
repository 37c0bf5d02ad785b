import { readFileSync } from 'node:fs';
import { deserializeSafetensors } from '@isotropic/nn';
import type { Tensor } from '@isotropic/tensor';
import type { ConvNeXtOptions, VisionTransformerOptions } from '../../src/index.js';

export interface ArrayFixture {
  readonly shape: number[];
  readonly values: number[];
}

export interface ModelCase {
  readonly family: 'vit' | 'convnext';
  readonly options: VisionTransformerOptions & ConvNeXtOptions;
  readonly input: ArrayFixture;
  readonly features: ArrayFixture;
  readonly embedding: ArrayFixture;
  readonly logits?: ArrayFixture;
}

export interface ResampleCase {
  readonly from: [number, number];
  readonly to: [number, number];
  readonly numPrefixTokens: number;
  readonly interpolation: 'bicubic' | 'bilinear';
  readonly input: ArrayFixture;
  readonly expected: ArrayFixture;
}

export interface Reference {
  readonly models: Record<string, ModelCase>;
  readonly resample: ResampleCase[];
}

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

/** reference.json, written by fixtures/make_reference.py (float64 numpy). */
export const reference = JSON.parse(fixture('reference.json').toString('utf8')) as Reference;

/** A case's weights, keyed by timm's state_dict names. */
export function referenceWeights(name: string): Record<string, Tensor> {
  return deserializeSafetensors(fixture(`${name}.safetensors`)).tensors;
}

/** Largest |a - b| over two equally long arrays (Infinity if the lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(worst) ? Number.POSITIVE_INFINITY : worst;
}
