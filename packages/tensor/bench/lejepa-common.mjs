/**
 * What the tfjs and jax-js ports of the LeJEPA training step share: the problem's
 * sizes, the two backbones timed (cnn_tiny, the README's default, and vit_nano_patch4_28),
 * the parameter list (by Isotropic's state-dict names), their initial values, a random
 * batch, SIGReg's directions and quadrature grid, the ViT's position-embedding resample
 * matrix, and the timing loop. All host-side and library-free, so that every library
 * starts from the same numbers.
 *
 * Layout: the ports keep Linear weights as [in, out] (x @ W, the layout of tf.layers'
 * dense kernels and flax's Dense), where Isotropic keeps PyTorch's [out, in] and
 * multiplies by its transpose; the ViT's patch-embedding conv weight [64, 1, 4, 4] is kept
 * as the equivalent [16, 64] matrix (see `patchify` in the ports); the CNN's 3x3 conv
 * weights stay in PyTorch's [out, in, 3, 3] (OIHW), which jax-js's conv takes as is and
 * the tfjs port turns into its [3, 3, in, out] (HWIO) when it creates its variables.
 */
import { randomFloats } from './timing.mjs';

/** The backbones the step is timed with; the first is the README's default (`npm start`). */
export const MODELS = ['cnn_tiny', 'vit_nano_patch4_28'];
export const DEFAULT_MODEL = MODELS[0];

/** Throws unless `model` is one of MODELS; returns it. */
export function checkModel(model) {
  if (!MODELS.includes(model))
    throw new Error(`LeJEPA step: unknown model '${model}' (expected one of ${MODELS.join(', ')})`);
  return model;
}

/**
 * `npm start`'s batch and loss settings, the projector and probe, and vit_nano_patch4_28's
 * sizes (patch, dim, depth, heads, mlpHidden, lnEps).
 */
export const LEJEPA = {
  batch: 64,
  globalViews: 2,
  localViews: 4,
  globalSize: 28,
  localSize: 14,
  patch: 4,
  dim: 64,
  depth: 4,
  heads: 2,
  mlpHidden: 256,
  projHidden: 512,
  projOut: 64,
  classes: 10,
  slices: 256,
  knots: 17,
  tMax: 3,
  lambda: 0.05,
  lnEps: 1e-6,
  bnEps: 1e-5,
  lr: 1e-3,
  weightDecay: 0.05,
  betas: [0.9, 0.999],
  adamEps: 1e-8,
};

/**
 * cnn_tiny (packages/models src/cnn): per stage a 3x3 conv (padding 1, no bias), BatchNorm2d
 * in training mode (batch statistics) and ReLU, at these widths and strides, on 1-channel
 * images; the embedding is the global average pool of the last stage. The 14 px local
 * views go through it at 14 px (maps 14 → 7 → 4), nothing cropped.
 */
export const CNN = { inChans: 1, widths: [32, 64, 128], strides: [1, 2, 2], kernel: 3 };

/** The backbone's embedding width: the projector's and the probe's input. */
export const embedDim = (model) => (checkModel(model) === 'cnn_tiny' ? CNN.widths.at(-1) : LEJEPA.dim);

/**
 * @typedef {{ shape: number[], data: Float32Array, decay: boolean }} HostParam
 * @typedef {Map<string, HostParam>} HostParams  by Isotropic's parameter name, port layout
 */

/** [name, shape in port layout, init] of every trainable parameter of the step with `model`. */
function paramList(model) {
  const { dim: d, mlpHidden: h, patch: p, projHidden: ph, projOut: po, classes } = LEJEPA;
  const list = [];
  const linear = (name, i, o) =>
    list.push([`${name}.weight`, [i, o], 'trunc'], [`${name}.bias`, [o], 'zeros']);
  const norm = (name, n) => list.push([`${name}.weight`, [n], 'ones'], [`${name}.bias`, [n], 'zeros']);
  if (checkModel(model) === 'cnn_tiny') {
    const { inChans, widths, kernel: k } = CNN;
    widths.forEach((w, i) => {
      // Isotropic's Conv2d: trunc_normal(0.02) weight, no bias (the BatchNorm's shift replaces it)
      list.push([`backbone.stages.${i}.conv.weight`, [w, i === 0 ? inChans : widths[i - 1], k, k], 'trunc']);
      norm(`backbone.stages.${i}.bn`, w);
    });
  } else {
    const grid = (LEJEPA.globalSize / p) ** 2;
    list.push(
      ['backbone.cls_token', [1, 1, d], 'tiny'],
      ['backbone.pos_embed', [1, grid + 1, d], 'trunc'],
      ['backbone.patch_embed.proj.weight', [p * p, d], 'patch'],
      ['backbone.patch_embed.proj.bias', [d], 'patch'],
    );
    for (let b = 0; b < LEJEPA.depth; b++) {
      const block = `backbone.blocks.${b}`;
      norm(`${block}.norm1`, d);
      linear(`${block}.attn.qkv`, d, 3 * d);
      linear(`${block}.attn.proj`, d, d);
      norm(`${block}.norm2`, d);
      linear(`${block}.mlp.fc1`, d, h);
      linear(`${block}.mlp.fc2`, h, d);
    }
    norm('backbone.norm', d);
  }
  const e = embedDim(model);
  linear('projector.0', e, ph);
  norm('projector.1', ph);
  linear('projector.3', ph, ph);
  norm('projector.4', ph);
  linear('projector.6', ph, po);
  linear('probe', e, classes);
  return list;
}

/** timm's decay groups, as Isotropic's weightDecayGroups: no decay for biases and 1-D parameters. */
export const decays = (name, shape) => shape.length > 1 && !name.endsWith('.bias');

/** Standard normal floats (Box-Muller over the seeded uniforms of timing.mjs). */
export function gaussians(n, seed) {
  const u = randomFloats(2 * n, seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u1 = (u[2 * i] + 1) / 2 || Number.MIN_VALUE;
    out[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(Math.PI * (u[2 * i + 1] + 1));
  }
  return out;
}

/**
 * Initial parameters of the step with `model`, with Isotropic's (timm's) init rules:
 * trunc_normal(0.02) Linear and conv weights and position embeddings (cut at 2 std), zero
 * biases, normal(1e-6) class token, PyTorch's default uniform(±1/sqrt(fan_in)) for the ViT's
 * patch conv, ones/zeros for norms. Not Isotropic's random stream: `--check` loads
 * Isotropic's own values instead.
 * @returns {HostParams}
 */
export function initialParams(model = DEFAULT_MODEL, seed = 0) {
  const out = new Map();
  paramList(model).forEach(([name, shape, init], i) => {
    const n = shape.reduce((a, b) => a * b, 1);
    let data;
    if (init === 'zeros') data = new Float32Array(n);
    else if (init === 'ones') data = new Float32Array(n).fill(1);
    else if (init === 'patch') data = randomFloats(n, seed * 1000 + i).map((x) => x / LEJEPA.patch);
    else if (init === 'tiny') data = gaussians(n, seed * 1000 + i).map((x) => x * 1e-6);
    else data = gaussians(n, seed * 1000 + i).map((x) => Math.max(-2, Math.min(2, x)) * 0.02);
    out.set(name, { shape, data, decay: decays(name, shape) });
  });
  return out;
}

/**
 * Isotropic's state dict (PyTorch layout, host arrays by name) of the step with `model` in
 * the ports' layout: Linear weights transposed to [in, out], the ViT's patch conv
 * [64, 1, 4, 4] as [16, 64], the CNN's convs as they are. BatchNorm's running statistics
 * (buffers, not parameters) are left out.
 * @param {Map<string, { shape: number[], data: Float32Array }>} state
 * @returns {HostParams}
 */
export function fromTorchLayout(state, model = DEFAULT_MODEL) {
  const out = new Map();
  for (const [name, shape] of paramList(model)) {
    const src = state.get(name);
    if (!src) throw new Error(`fromTorchLayout: no ${name} in the state dict`);
    if (src.data.length !== shape.reduce((a, b) => a * b, 1))
      throw new Error(`fromTorchLayout: ${name} is [${src.shape}], expected ${shape.join('·')} values`);
    let data = Float32Array.from(src.data);
    // [out, in] -> [in, out]; the ViT's patch conv [o, 1, kh, kw] is [o, kh·kw] row-major, the
    // same move; the CNN's 4-D conv weights are copied as they are
    if (name.endsWith('.weight') && shape.length === 2) {
      const [rows, cols] = shape; // port layout [in, out]
      data = new Float32Array(rows * cols);
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) data[r * cols + c] = src.data[c * rows + r];
    }
    out.set(name, { shape, data, decay: decays(name, shape) });
  }
  return out;
}

/**
 * One batch of random views (augmentation happens before Isotropic's timed step too):
 * global [2, 64, 1, 28, 28], local [4, 64, 1, 14, 14], labels [64] in 0..9.
 */
export function randomBatch(seed = 0) {
  const { batch: b, globalViews, localViews, globalSize: g, localSize: l, classes } = LEJEPA;
  return {
    global: gaussians(globalViews * b * g * g, seed * 10 + 1),
    globalShape: [globalViews, b, 1, g, g],
    local: gaussians(localViews * b * l * l, seed * 10 + 2),
    localShape: [localViews, b, 1, l, l],
    labels: Int32Array.from(randomFloats(b, seed * 10 + 3), (x) => Math.floor(((x + 1) / 2) * classes)),
  };
}

/**
 * SIGReg's directions for one step: M Gaussian columns of [K, M] normalised to unit
 * length on the host, as @isotropic/sigreg's sampleDirections does (it draws with
 * Philox; the cost, 16k normals and an upload per step, is the same).
 */
export function randomDirections(step, K = LEJEPA.projOut, M = LEJEPA.slices) {
  const a = gaussians(K * M, 0x5349_4752 + step);
  for (let m = 0; m < M; m++) {
    let norm2 = 0;
    for (let k = 0; k < K; k++) norm2 += a[k * M + m] ** 2;
    const inv = 1 / Math.sqrt(norm2);
    for (let k = 0; k < K; k++) a[k * M + m] *= inv;
  }
  return a;
}

/**
 * SIGReg's quadrature (packages/sigreg/src/grid.ts): knots t_k on [0, tMax], phi_k =
 * exp(-t_k²/2), doubled trapezoid weights times phi, times N (folded in on the host).
 */
export function quadrature(n = LEJEPA.batch, knots = LEJEPA.knots, tMax = LEJEPA.tMax) {
  const dt = tMax / (knots - 1);
  const t = new Float32Array(knots);
  const phi = new Float32Array(knots);
  const weights = new Float32Array(knots);
  for (let k = 0; k < knots; k++) {
    const tk = k === knots - 1 ? tMax : k * dt;
    t[k] = tk;
    phi[k] = Math.exp(-(tk * tk) / 2);
    weights[k] = n * (k === 0 || k === knots - 1 ? dt : 2 * dt) * Math.exp(-(tk * tk) / 2);
  }
  return { t, phi, weights };
}

/** Keys' cubic kernel, a = -0.5 (PyTorch's antialiased bicubic), as packages/models resize-matrix.ts. */
function cubic(x) {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  return 0;
}

/** One axis of F.interpolate(bicubic, align_corners=False, antialias=True): [out, in], a copy of resizeMatrix. */
function resizeMatrix(inSize, outSize) {
  const scale = inSize / outSize;
  const stretch = Math.max(scale, 1);
  const support = 2 * stretch;
  const out = new Float64Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const centre = scale * (i + 0.5);
    const lo = Math.max(Math.trunc(centre - support + 0.5), 0);
    const hi = Math.min(Math.trunc(centre + support + 0.5), inSize);
    let total = 0;
    for (let j = lo; j < hi; j++) total += cubic((j - centre + 0.5) / stretch);
    for (let j = lo; j < hi; j++) out[i * inSize + j] = cubic((j - centre + 0.5) / stretch) / total;
  }
  return out;
}

/**
 * vit_nano_patch4_28's position-embedding resample from the 7x7 patch grid to the local views' 3x3 one
 * (14 px / 4 px patches: the conv drops the last 2 pixels of each row and column)
 * as one [9, 49] matrix: the Kronecker product of the two axes' antialiased bicubic
 * matrices, the very weights Isotropic (and timm's resample_abs_pos_embed) use. Isotropic
 * applies them as two separable products; one [9, 49] @ [49, 64] product here is the
 * same linear map (a few hundred kFLOP either way).
 */
export function posResampleMatrix(
  from = Math.floor(LEJEPA.globalSize / LEJEPA.patch),
  to = Math.floor(LEJEPA.localSize / LEJEPA.patch),
) {
  const r = resizeMatrix(from, to);
  const out = new Float32Array(to * to * from * from);
  for (let i = 0; i < to; i++)
    for (let j = 0; j < to; j++)
      for (let a = 0; a < from; a++)
        for (let b = 0; b < from; b++)
          out[(i * to + j) * from * from + a * from + b] = r[i * from + a] * r[j * from + b];
  return out;
}

/**
 * Median and best time (ms) of `steps` calls of `step(i)` after one warm-up call, as
 * lejepa-step.mjs times Isotropic. `step` must return only once its results are on
 * the host (the ports read the loss back), so the clock covers all the work.
 * @param {(i: number) => Promise<unknown> | unknown} step
 */
export async function timeSteps(step, steps) {
  const times = [];
  for (let i = 0; i <= steps; i++) {
    const t0 = performance.now();
    await step(i);
    times.push(performance.now() - t0);
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  return { median: rest[Math.floor(rest.length / 2)], best: rest[0], first: times[0] };
}
