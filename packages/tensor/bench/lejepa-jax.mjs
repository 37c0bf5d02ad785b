/**
 * The LeJEPA training step of lejepa-step.mjs, ported to jax-js on its wasm backend:
 * the backbone (cnn_tiny or vit_nano_patch4_28), the projector, the LeJEPA loss with
 * SIGReg, the online probe, backward and AdamW, the same arithmetic as Isotropic's
 * `Trainer.trainStep` (see lejepa-common.mjs for sizes and init).
 *
 * Idiomatic JAX: a pure loss function of a parameter tree, `valueAndGrad` (with the
 * loss terms as aux), a hand-written AdamW (jax-js has no optimizer library in the
 * core package; PyTorch's update, as Isotropic's AdamW), and the whole step (forward,
 * backward, update) under one `jit`, which traces it once and fuses elementwise work
 * into its generated wasm kernels. jax-js arrays are reference counted and every op
 * consumes its arguments, so a value used twice is passed as `.ref` the first time;
 * the layers below borrow the parameters (`.ref`) and consume their activations.
 *
 * How (not what) it computes, where that differs from Isotropic:
 * - cnn_tiny's 3x3 convs are `lax.convGeneralDilated` in NCHW / OIHW, Isotropic's layout
 *   (jax-js differentiates it with convolutions of its own, on every backend).
 * - ViT patch embedding: the 4x4 stride-4 conv as the equal reshape + [·, 16] @ [16, 64]
 *   matmul, as in the tfjs port (one input channel: exactly the same sums).
 * - LayerNorm and BatchNorm (1d and 2d, train mode) are composed from ops; GELU is
 *   nn.gelu's exact (erfc) form; SIGReg's characteristic function is the plain cos/sin
 *   of a [6, 17, 64, 256] tensor.
 * - BatchNorm's running statistics (eval-mode only, a few small ops per layer) are not kept.
 */
import {
  blockUntilReady,
  defaultDevice,
  init,
  jit,
  lax,
  nn,
  numpy as np,
  tree,
  valueAndGrad,
} from '@jax-js/jax';
import { CNN, checkModel, DEFAULT_MODEL, LEJEPA, posResampleMatrix, quadrature } from './lejepa-common.mjs';

/** Starts jax-js's wasm backend; one thread in Node (its thread pool needs a global Worker). */
export async function useJaxWasm() {
  await init('wasm');
  defaultDevice('wasm');
  return 1;
}

const upload = (data, shape) => np.array(data).reshape(shape);
/** A borrowed reference to parameter `name`. */
const param = (p, name) => p[name].ref;

/** x [rows, in] @ W [in, out] + b; consumes x. */
const linear = (p, name, x) => np.matmul(x, param(p, `${name}.weight`)).add(param(p, `${name}.bias`));

/**
 * Normalise over `axis` with the biased variance, then scale and shift, the parameters
 * reshaped to `paramShape` (LayerNorm: -1; BatchNorm1d: 0; BatchNorm2d in NCHW: [0, 2, 3]
 * with parameters [C, 1, 1]).
 */
function normalize(p, name, x, axis, eps, paramShape = null) {
  const centred = x.ref.sub(x.mean(axis, { keepdims: true }));
  const variance = np.square(centred.ref).mean(axis, { keepdims: true });
  const y = centred.div(np.sqrt(variance.add(eps)));
  const [w, b] = ['weight', 'bias'].map((k) => param(p, `${name}.${k}`));
  return paramShape ? y.mul(w.reshape(paramShape)).add(b.reshape(paramShape)) : y.mul(w).add(b);
}

/**
 * Images [n, 1, s, s] -> patches [n·g², 16] (row-major patch grid, pixels ky·4 + kx): the
 * conv's im2col, dropping the pixels past the last whole patch as the stride-4 conv does.
 */
function patchify(images, n, s) {
  const { patch } = LEJEPA;
  const g = Math.floor(s / patch);
  const cropped = g * patch === s ? images : images.slice([], [], [0, g * patch], [0, g * patch]);
  return cropped
    .reshape([n, g, patch, g, patch])
    .transpose([0, 1, 3, 2, 4])
    .reshape([n * g * g, patch * patch]);
}

/**
 * timm's Attention on tokens x [n·T, D]: qkv, softmax(q kᵀ / √hd) v per head, heads joined,
 * proj. Written out with matmul: jax-js's nn.dotProductAttention goes through its einsum,
 * which needs iterator helpers (Node 22+) and fails on Node 20.
 */
function attention(p, name, x, n, T) {
  const { dim, heads } = LEJEPA;
  const hd = dim / heads;
  const qkv = linear(p, `${name}.qkv`, x).reshape([n, T, 3, heads, hd]).transpose([2, 0, 3, 1, 4]); // [3, n, heads, T, hd]
  const [q, k, v] = [qkv.ref.slice(0), qkv.ref.slice(1), qkv.slice(2)];
  const attn = nn.softmax(np.matmul(q.mul(hd ** -0.5), k.transpose([0, 1, 3, 2])), -1);
  const out = np
    .matmul(attn, v)
    .transpose([0, 2, 1, 3])
    .reshape([n * T, dim]);
  return linear(p, `${name}.proj`, out);
}

/** vit_nano_patch4_28's class-token embedding [n, 64] of images [n, 1, s, s]; consumes images and resample. */
function encodeVit(p, images, n, s, resample) {
  const { dim, patch, lnEps } = LEJEPA;
  const g = Math.floor(s / patch);
  const T = g * g + 1;
  const patches = linear(p, 'backbone.patch_embed.proj', patchify(images, n, s)).reshape([n, g * g, dim]);
  const cls = np.broadcastTo(param(p, 'backbone.cls_token'), [n, 1, dim]);
  let pos = param(p, 'backbone.pos_embed');
  if (resample) {
    // the 7x7 grid's embeddings resampled to 3x3 (the class token's kept): see posResampleMatrix
    const grid = pos.ref.slice(0, [1, pos.shape[1]]); // [49, D]
    const resized = np.matmul(resample, grid).reshape([1, g * g, dim]);
    pos = np.concatenate([pos.slice([], [0, 1]), resized], 1);
  }
  let x = np
    .concatenate([cls, patches], 1)
    .add(pos)
    .reshape([n * T, dim]);
  for (let b = 0; b < LEJEPA.depth; b++) {
    const block = `backbone.blocks.${b}`;
    x = x.ref.add(attention(p, `${block}.attn`, normalize(p, `${block}.norm1`, x, -1, lnEps), n, T));
    const h = nn.gelu(linear(p, `${block}.mlp.fc1`, normalize(p, `${block}.norm2`, x.ref, -1, lnEps)), {
      approximate: false,
    });
    x = x.add(linear(p, `${block}.mlp.fc2`, h));
  }
  return normalize(p, 'backbone.norm', x, -1, lnEps).reshape([n, T, dim]).slice([], 0);
}

/**
 * cnn_tiny's embedding [n, 128] of images [n, C, s, s] (consumed): per stage a 3x3 conv
 * (padding 1, no bias), BatchNorm2d with the batch's statistics and ReLU, in NCHW; then
 * the mean over H and W.
 */
function encodeCnn(p, images) {
  const pad = (CNN.kernel - 1) / 2;
  let x = images;
  CNN.widths.forEach((_, i) => {
    const stage = `backbone.stages.${i}`;
    const s = CNN.strides[i];
    const y = lax.convGeneralDilated(
      x,
      param(p, `${stage}.conv.weight`),
      [s, s],
      [
        [pad, pad],
        [pad, pad],
      ],
    );
    x = nn.relu(normalize(p, `${stage}.bn`, y, [0, 2, 3], LEJEPA.bnEps, [-1, 1, 1]));
  });
  return x.mean([2, 3]);
}

/** (Linear, BatchNorm1d in train mode, ReLU) x 2, Linear. */
function project(p, x) {
  const { bnEps } = LEJEPA;
  x = nn.relu(normalize(p, 'projector.1', linear(p, 'projector.0', x), 0, bnEps));
  x = nn.relu(normalize(p, 'projector.4', linear(p, 'projector.3', x), 0, bnEps));
  return linear(p, 'projector.6', x);
}

/** SIGReg of projections z [V, N, K] on directions A [K, M]: Epps-Pulley per slice and view, averaged. */
function sigreg(z, c) {
  const [V, N, K] = z.shape;
  const M = LEJEPA.slices;
  const tz = np
    .matmul(z.reshape([V * N, K]), c.A)
    .reshape([V, 1, N, M])
    .mul(c.t); // [V, knots, N, M]
  const re = np.cos(tz.ref).mean(2).sub(c.phi); // E cos(tZ) - phi(t)
  const im = np.sin(tz).mean(2);
  return np.square(re).add(np.square(im)).mul(c.weights).sum(1).mean(); // [V, M] -> scalar
}

/**
 * The objective of a parameter tree `p` on a batch, with the loss terms as aux (cnn_tiny's
 * when `c.resample`, the ViT's position-embedding resample, is absent). Consumes every
 * argument (jax-js's convention), hence the disposal of `p` at the end.
 */
function objective(p, batch, c) {
  const { batch: B, globalViews: vg, localViews: vl, globalSize: gs, localSize: ls, lambda } = LEJEPA;
  const cnn = !c.resample;
  const chans = cnn ? CNN.inChans : 1;
  const [global, local] = [
    batch.global.reshape([vg * B, chans, gs, gs]),
    batch.local.reshape([vl * B, chans, ls, ls]),
  ];
  // global and local views through the backbone separately (BatchNorm: statistics per group)
  const embeddings = np.concatenate(
    cnn
      ? [encodeCnn(p, global), encodeCnn(p, local)]
      : [encodeVit(p, global, vg * B, gs, null), encodeVit(p, local, vl * B, ls, c.resample)],
    0,
  );
  const z = project(p, embeddings.ref).reshape([vg + vl, B, -1]);
  const centers = z.ref.slice([0, vg]).mean(0, { keepdims: true });
  const sim = np.square(centers.sub(z.ref)).mean();
  const reg = sigreg(z, c);
  const loss = sim.ref.mul(1 - lambda).add(reg.ref.mul(lambda));
  // online probe on the detached global-view embeddings, labels repeated per view
  const logits = linear(p, 'probe', lax.stopGradient(embeddings.slice([0, vg * B])));
  const repeated = np.concatenate(
    Array.from({ length: vg }, (_, i) => (i < vg - 1 ? batch.labels.ref : batch.labels)),
  );
  const targets = nn.oneHot(repeated, LEJEPA.classes).astype(np.float32);
  const probe = nn.logSoftmax(logits, -1).mul(targets).sum(-1).mean().neg();
  tree.dispose(p);
  return [loss.ref.add(probe.ref), { loss, sim, sigreg: reg, probe }];
}

/**
 * The whole step under jit: gradients, then AdamW (PyTorch's update, as Isotropic's):
 * p ← p (1 − lr·wd) − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε), with the decay on
 * `decay` parameters only. The bias corrections come in as an array, not constants, so
 * the step is traced once. Returns the loss terms and the new params and moments.
 */
function makeStep(decay, compile) {
  const { lr, weightDecay, betas, adamEps } = LEJEPA;
  const [b1, b2] = betas;
  const step = (params, m, v, batch, consts, corrections) => {
    const [[total, aux], grads] = valueAndGrad(objective, { hasAux: true })(tree.ref(params), batch, consts);
    total.dispose();
    const [c1, c2] = [corrections.ref.slice(0), corrections.slice(1)];
    const next = { params: {}, m: {}, v: {} };
    for (const name of Object.keys(params)) {
      const g = grads[name];
      const m1 = m[name].mul(b1).add(g.ref.mul(1 - b1));
      const v1 = v[name].mul(b2).add(np.square(g).mul(1 - b2));
      const decayed = decay.has(name) ? params[name].mul(1 - lr * weightDecay) : params[name];
      const denom = np.sqrt(v1.ref).mul(c2.ref).add(adamEps);
      next.params[name] = decayed.sub(m1.ref.mul(c1.ref).div(denom));
      next.m[name] = m1;
      next.v[name] = v1;
    }
    c1.dispose();
    c2.dispose();
    return [aux, next.params, next.m, next.v];
  };
  return compile ? jit(step) : Object.assign(step, { dispose() {} });
}

/**
 * A trainer from host parameters of the step with `model` and a batch (lejepa-common.mjs),
 * like the tfjs one: `step(directions)` runs one training step and resolves, once the loss
 * terms and the updated parameters are computed, to the loss terms (from before the update).
 * `compile: false` runs the same step without jit (about 2x slower with the ViT on the
 * reference machine).
 * @param {import('./lejepa-common.mjs').HostParams} hostParams
 */
export function jaxLejepaTrainer(hostParams, batch, { model = DEFAULT_MODEL, compile = true } = {}) {
  const cnn = checkModel(model) === 'cnn_tiny';
  if (!hostParams.has(cnn ? 'backbone.stages.0.conv.weight' : 'backbone.cls_token'))
    throw new Error(`jaxLejepaTrainer: the parameters are not ${model}'s`);
  const { knots, betas, lr, batch: B } = LEJEPA;
  let params = {};
  let m = {};
  let v = {};
  for (const [name, hp] of hostParams) {
    params[name] = upload(hp.data, hp.shape);
    m[name] = np.zeros(hp.shape);
    v[name] = np.zeros(hp.shape);
  }
  const decay = new Set([...hostParams].filter(([, hp]) => hp.decay).map(([name]) => name));
  const step = makeStep(decay, compile);
  const q = quadrature();
  const consts = {
    t: upload(q.t, [1, knots, 1, 1]),
    phi: upload(q.phi, [1, knots, 1]),
    weights: upload(q.weights, [1, knots, 1]),
    ...(cnn ? {} : { resample: upload(posResampleMatrix(), [9, 49]) }),
  };
  const inputs = {
    global: upload(batch.global, batch.globalShape),
    local: upload(batch.local, batch.localShape),
    labels: np.array(batch.labels, { dtype: np.int32 }).reshape([B]),
  };
  let t = 0;

  return {
    /** @param {Float32Array} directions */
    async step(directions) {
      t++;
      const A = upload(directions, [LEJEPA.projOut, LEJEPA.slices]);
      const corrections = np.array(
        new Float32Array([lr / (1 - betas[0] ** t), 1 / Math.sqrt(1 - betas[1] ** t)]),
      );
      const [aux, p1, m1, v1] = step(params, m, v, tree.ref(inputs), { ...tree.ref(consts), A }, corrections);
      [params, m, v] = [p1, m1, v1];
      await blockUntilReady([params, m, v]);
      const [loss, sim, reg, probe] = await Promise.all(
        [aux.loss, aux.sim, aux.sigreg, aux.probe].map((a) => a.data()),
      );
      return { loss: loss[0], sim: sim[0], sigreg: reg[0], probe: probe[0] };
    },
    dispose() {
      tree.dispose([params, m, v, consts, inputs]);
      step.dispose();
    },
  };
}
