import type { SimpleCnnOptions } from '../cnn/cnn-options.js';
import { SimpleCnn } from '../cnn/simple-cnn.js';
import type { ModelEntry } from './model-entry.js';

/** Plain CNNs for small images (28-64 px) on a CPU budget; any input size (global pooling). */
const SIZES = {
  tiny: { widths: [32, 64, 128] },
  small: { widths: [64, 128, 256] },
} as const;

function entry(size: keyof typeof SIZES): ModelEntry {
  const preset: SimpleCnnOptions = SIZES[size];
  const w = preset.widths!;
  return {
    name: `cnn_${size}`,
    family: 'cnn',
    preset,
    description: `plain CNN: 3x3 conv + BatchNorm + ReLU at widths ${w.join('/')} (strides 1/2/2), average-pooled; Isotropic's default for 28 px`,
    factory: (options: SimpleCnnOptions, name) => new SimpleCnn({ ...preset, ...options }, name),
  };
}

export function builtinCnns(): ModelEntry[] {
  return (Object.keys(SIZES) as (keyof typeof SIZES)[]).map(entry);
}
