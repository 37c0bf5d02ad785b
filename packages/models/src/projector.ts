import {
  BatchNorm1d,
  childKeys,
  Dropout,
  type InitOptions,
  Linear,
  type Module,
  ReLU,
  Sequential,
} from '@isotropic/nn';
import { ModelOptionError } from './errors.js';
import { uniformInit } from './layers/init.js';
import { positiveInteger } from './options.js';

export interface ProjectorOptions extends InitOptions {
  /** Input width: the backbone's embedDim (or its head's numClasses, as in the paper's example). */
  readonly inDim: number;
  /** Width of the hidden layers (2048). */
  readonly hiddenDim?: number;
  /** Output width, the space SIGReg regularises (128, as the paper's minimal example). */
  readonly outDim?: number;
  /** Linear layers, at least 1 (3: in -> hidden -> hidden -> out). */
  readonly layers?: number;
}

const NAME = 'createProjector';

function linear(inDim: number, outDim: number, options: InitOptions): Linear {
  const [linearKey, weightKey, biasKey] = childKeys(options.key, 3);
  const layer = new Linear(inDim, outDim, { ...options, key: linearKey });
  // PyTorch's default Linear init (what torchvision's MLP gets): uniform(±1/sqrt(in))
  const bound = 1 / Math.sqrt(inDim);
  layer.weight.assign(uniformInit([outDim, inDim], bound, { ...options, key: weightKey }));
  layer.bias!.assign(uniformInit([outDim], bound, { ...options, key: biasKey }));
  return layer;
}

function projectorLayers(o: ProjectorOptions): Module[] {
  const inDim = positiveInteger(NAME, 'inDim', o.inDim);
  const hidden = positiveInteger(NAME, 'hiddenDim', o.hiddenDim ?? 2048);
  const outDim = positiveInteger(NAME, 'outDim', o.outDim ?? 128);
  const count = positiveInteger(NAME, 'layers', o.layers ?? 3);
  const keys = childKeys(o.key, count);
  const { dtype, backend } = o;
  const out: Module[] = [];
  for (let i = 0; i < count; i++) {
    const last = i === count - 1;
    out.push(linear(i === 0 ? inDim : hidden, last ? outDim : hidden, { key: keys[i], dtype, backend }));
    if (!last) out.push(new BatchNorm1d(hidden, { dtype, backend }), new ReLU());
    out.push(new Dropout(0));
  }
  return out;
}

/**
 * The projector of LeJEPA's minimal example, torchvision's
 * `MLP(in, [hidden] * (layers - 1) + [out], norm_layer=BatchNorm1d)`: Linear,
 * BatchNorm1d, ReLU (and a no-op Dropout) on each hidden layer, a plain Linear
 * last. The children are numbered as torchvision's, so state names match:
 * 0 (Linear), 1 (BatchNorm1d), 4, 5, ..., 4·(layers-1) (last Linear).
 * BatchNorm uses batch statistics in train() and running ones in eval().
 */
export class Projector extends Sequential {
  readonly inDim: number;
  readonly outDim: number;

  constructor(options: ProjectorOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new ModelOptionError(
        NAME,
        'inDim',
        'is required: createProjector({ inDim, hiddenDim, outDim, layers })',
      );
    }
    super(...projectorLayers(options));
    this.inDim = options.inDim;
    this.outDim = options.outDim ?? 128;
  }
}

/** A Projector (see there): createProjector({ inDim: model.embedDim, hiddenDim: 2048, outDim: 128, layers: 3 }). */
export function createProjector(options: ProjectorOptions): Projector {
  return new Projector(options);
}
