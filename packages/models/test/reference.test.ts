import { scope, tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { type Backbone, ConvNeXt, resamplePosEmbed, VisionTransformer } from '../src/index.js';
import { type ModelCase, maxAbsDiff, reference, referenceWeights } from './helpers/reference.js';

/** Worst |ours - numpy| per output, for the report line printed below. */
const report: string[] = [];

function build(c: ModelCase, dtype: 'float32' | 'float64'): Backbone {
  return c.family === 'vit'
    ? new VisionTransformer({ ...c.options, dtype }, 'reference ViT')
    : new ConvNeXt({ ...c.options, dtype }, 'reference ConvNeXt');
}

describe('forward pass against the float64 numpy re-implementation of timm', () => {
  for (const [name, c] of Object.entries(reference.models)) {
    for (const [dtype, tolerance] of [
      ['float32', 1e-4],
      ['float64', 1e-9],
    ] as const) {
      it(`${name} (${dtype}) loads timm-named weights strictly and matches within ${tolerance}`, () => {
        const model = build(c, dtype);
        model.eval();
        scope(() => {
          // strict: every timm name present, none extra, every shape equal
          const loaded = model.loadStateDict(referenceWeights(name));
          expect(loaded.missingKeys).toEqual([]);
          expect(loaded.unexpectedKeys).toEqual([]);
          const x = tensor(c.input.values, c.input.shape, { dtype });
          const features = model.forwardFeatures(x);
          const embedding = model.poolFeatures(features);
          expect(features.shape).toEqual(c.features.shape);
          expect(embedding.shape).toEqual(c.embedding.shape);
          const diffs = {
            features: maxAbsDiff(features.dataSync(), c.features.values),
            embedding: maxAbsDiff(embedding.dataSync(), c.embedding.values),
            ...(c.logits ? { logits: maxAbsDiff(model.call(x).dataSync(), c.logits.values) } : {}),
          };
          report.push(
            `${name} ${dtype}: ${Object.entries(diffs)
              .map(([k, d]) => `${k} ${d.toExponential(2)}`)
              .join(', ')}`,
          );
          for (const [output, diff] of Object.entries(diffs)) expect(diff, output).toBeLessThan(tolerance);
        });
        model.dispose();
      });
    }
  }

  it('prints the worst differences', () => {
    console.log(`max abs diff vs numpy:\n  ${report.join('\n  ')}`);
  });
});

describe('resamplePosEmbed against PyTorch antialiased interpolation (numpy port)', () => {
  for (const r of reference.resample) {
    it(`${r.interpolation} ${r.from.join('x')} -> ${r.to.join('x')} with ${r.numPrefixTokens} prefix tokens`, () =>
      scope(() => {
        const pos = tensor(r.input.values, r.input.shape, { dtype: 'float64' });
        const out = resamplePosEmbed(pos, {
          from: r.from,
          to: r.to,
          numPrefixTokens: r.numPrefixTokens,
          interpolation: r.interpolation,
        });
        expect(out.shape).toEqual(r.expected.shape);
        expect(maxAbsDiff(out.dataSync(), r.expected.values)).toBeLessThan(1e-12);
      }));
  }
});
