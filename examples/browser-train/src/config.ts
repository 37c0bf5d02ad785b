import type { BackendChoice } from '@isotropic/webgpu';

/** Everything a run is configured by; the form on the page edits it, URL parameters preset it. */
export interface RunConfig {
  backend: BackendChoice;
  /** Optimisation steps before the run ends by itself (Stop ends it earlier). */
  steps: number;
  batchSize: number;
  globalViews: number;
  localViews: number;
  /** Side of the global views; images are stored at this size (the sample is 28 px). */
  globalSize: number;
  /** Side of the local views: a multiple of the patch size. */
  localSize: number;
  /** Encoder width and depth (a small ViT with 4 px patches). */
  embedDim: number;
  depth: number;
  numHeads: number;
  lr: number;
  /** SIGReg weight in (1 - lambda) * sim + lambda * sigreg. */
  lambda: number;
  numSlices: number;
  /** Refresh the embedding scatter every this many steps (0: only at the end). */
  embedEvery: number;
  seed: number;
}

/**
 * Small enough to show the loss falling within a minute on a software adapter (about 6 s
 * a step on SwiftShader, a fifth of a second on the CPU backend); a real GPU does more.
 */
export const DEFAULT_CONFIG: RunConfig = {
  backend: 'auto',
  steps: 200,
  batchSize: 32,
  globalViews: 2,
  localViews: 2,
  globalSize: 28,
  localSize: 16,
  embedDim: 64,
  depth: 2,
  numHeads: 2,
  lr: 2e-3,
  lambda: 0.05,
  numSlices: 128,
  embedEvery: 20,
  seed: 0,
};

const BACKENDS: readonly BackendChoice[] = ['auto', 'webgpu', 'cpu'];

/**
 * Reads overrides such as `?backend=cpu&steps=40&batchSize=32` from the page URL.
 * Unknown names and values that do not parse are ignored.
 */
export function configFromSearch(search: string, base: RunConfig = DEFAULT_CONFIG): RunConfig {
  const params = new URLSearchParams(search);
  const out: RunConfig = { ...base };
  for (const [name, raw] of params) {
    if (!(name in base)) continue;
    const k = name as keyof RunConfig;
    if (k === 'backend') {
      if ((BACKENDS as readonly string[]).includes(raw)) out.backend = raw as BackendChoice;
      continue;
    }
    const v = Number(raw);
    if (raw.trim() !== '' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}
