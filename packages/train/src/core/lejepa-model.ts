import { BatchNorm1d, Linear, Module, ReLU, Sequential } from '@isotropic/nn';
import { concat, foldIn, key, reshape, type Tensor } from '@isotropic/tensor';
import type { Encoder } from './encoder.js';

export interface ProjectorOptions {
  hiddenDim: number;
  outDim: number;
  /** Hidden layers (Linear + BatchNorm1d + ReLU each) before the output Linear. */
  hiddenLayers?: number;
}

/** The projector of LeJEPA's minimal example: (Linear, BatchNorm1d, ReLU) x L, then Linear. */
export function buildProjector(inDim: number, o: ProjectorOptions, seed: number): Sequential {
  const layers: Module[] = [];
  let d = inDim;
  for (let i = 0; i < (o.hiddenLayers ?? 2); i++) {
    layers.push(
      new Linear(d, o.hiddenDim, { key: foldIn(key(seed), i) }),
      new BatchNorm1d(o.hiddenDim),
      new ReLU(),
    );
    d = o.hiddenDim;
  }
  layers.push(new Linear(d, o.outDim, { key: foldIn(key(seed), 100) }));
  return new Sequential(...layers);
}

/** Flattens a view group [V, B, C, H, W] into one image batch [V*B, C, H, W]. */
function flattenViews(group: Tensor): Tensor {
  const [v, b, ...chw] = group.shape as [number, number, number, number, number];
  return reshape(group, [v * b, ...chw]);
}

/**
 * Backbone + projector (+ an online linear probe on detached embeddings, as in
 * the paper's minimal example, so accuracy is visible while training). One
 * Module so that a checkpoint holds all three: `backbone.*`, `projector.*`, `probe.*`.
 */
export class LejepaModel extends Module<
  [Tensor, Tensor | null],
  { embeddings: Tensor; projections: Tensor }
> {
  readonly probe: Linear | undefined;

  constructor(
    readonly backbone: Encoder,
    readonly projector: Sequential,
    numClasses: number,
    seed: number,
  ) {
    super();
    this.probe =
      numClasses > 0 ? new Linear(backbone.embedDim, numClasses, { key: foldIn(key(seed), 200) }) : undefined;
  }

  /**
   * Embeds global views [Vg, B, C, Hg, Wg] and local views [Vl, B, C, Hl, Wl].
   * Returns backbone embeddings [V*B, D] (global views first) and projections [V, B, P].
   */
  forward(global: Tensor, local: Tensor | null): { embeddings: Tensor; projections: Tensor } {
    const [vg, b] = global.shape as [number, number];
    const parts = [this.backbone.embed(flattenViews(global))];
    if (local) parts.push(this.backbone.embed(flattenViews(local)));
    const embeddings = parts.length === 1 ? parts[0]! : concat(parts, 0);
    const v = vg + (local ? local.shape[0]! : 0);
    const projections = reshape(this.projector.call(embeddings), [v, b, -1]);
    return { embeddings, projections };
  }
}
