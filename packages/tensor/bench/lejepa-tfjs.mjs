/**
 * The LeJEPA training step of lejepa-step.mjs, ported to TensorFlow.js (tfjs-core ops,
 * run on tfjs-backend-wasm or tfjs-backend-cpu): the backbone (cnn_tiny or
 * vit_nano_patch4_28), the projector, the LeJEPA loss with SIGReg, the online probe,
 * backward and AdamW, the same arithmetic as Isotropic's `Trainer.trainStep` (see
 * lejepa-common.mjs for sizes and init).
 *
 * Idiomatic tfjs: eager ops, `tf.variableGrads` for the gradients, `tf.train.adam` for
 * the update with the decoupled weight decay applied to the variables by hand first
 * (tfjs has no AdamW; tf.train.adam's update is PyTorch's Adam step for step), all in
 * `tf.tidy` so that nothing leaks. tfjs has no graph compiler for training, so there is
 * nothing to jit. tfjs-core's Node bundle has no gradient functions (the @tensorflow/tfjs
 * union package adds them); tfjs-gradients.mjs registers tfjs-core's own.
 *
 * Differences in how (not what) it computes, all forced or neutral:
 * - Matmul gradients transpose explicitly, then multiply (see `matMul` below): the same
 *   products, on tfjs-backend-wasm's fast path.
 * - cnn_tiny runs in tfjs's native NHWC layout. Its 3x3 convs are `tf.conv2d` on
 *   tfjs-backend-cpu, which has the forward and both gradient kernels; tfjs-backend-wasm
 *   has no Conv2DBackpropFilter kernel (the conv's weight gradient), so there each conv is
 *   im2col (pad + slices, see `im2col`) and one [n·Ho·Wo, 9·C] @ [9·C, O] matmul, the same sums.
 * - ViT patch embedding: the 4x4 stride-4 conv is the equal reshape + [·, 16] @ [16, 64]
 *   matmul, for the same reason; one input channel makes the two exactly the same sum.
 * - LayerNorm, BatchNorm (1d and 2d, train mode) and GELU (exact, 0.5·x·(1 + erf(x/√2)))
 *   are composed from ops: tfjs has no fused ones. SIGReg's empirical characteristic
 *   function is the plain cos/sin of a [6, 17, 64, 256] tensor (Isotropic has a fused `ecf` kernel).
 * - The probe's input is detached with a customGrad identity whose gradient is zero
 *   (tfjs has no stopGradient op).
 * - BatchNorm's running statistics (eval-mode only, a few small ops per layer) are not kept.
 */
import { createRequire } from 'node:module';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import './tfjs-gradients.mjs';
import { CNN, checkModel, DEFAULT_MODEL, LEJEPA, posResampleMatrix, quadrature } from './lejepa-common.mjs';

const require = createRequire(import.meta.url);
let wasmPathSet = false;

/** Selects and starts a tfjs backend ('wasm' or 'cpu'); returns its thread count. */
export async function useTfjsBackend(name) {
  if (name === 'wasm' && !wasmPathSet) {
    setWasmPaths(require.resolve('@tensorflow/tfjs-backend-wasm').replace(/[^/]+$/, ''));
    wasmPathSet = true;
  }
  await tf.setBackend(name);
  await tf.ready();
  return name === 'wasm' ? getThreadsCount() : 1;
}

/** Swaps the last two axes. */
function transposeLast(x) {
  const perm = [...x.shape.keys()];
  perm.push(...perm.splice(-2).reverse());
  return tf.transpose(x, perm);
}

/**
 * a @ b whose gradients, dy @ bᵀ and aᵀ @ dy, transpose explicitly and then multiply.
 * tfjs's own BatchMatMul gradient passes transposeA / transposeB to the kernel, and
 * tfjs-backend-wasm runs transposed products in a naive loop (about 3 GFLOP/s here, against
 * 25-40 through XNNPACK), which made the whole step about 2x slower. The trainer's
 * `plainMatMulGrad` option measures tfjs's own gradient instead.
 */
const matMul = tf.customGrad((a, b, save) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy, [sa, sb]) => [tf.matMul(dy, transposeLast(sb)), tf.matMul(transposeLast(sa), dy)],
  };
});
/** The matmul the layers use: set by the trainer being built (one trainer runs at a time). */
let mm = matMul;

/** x [rows, in] @ W [in, out] + b. */
const linear = (p, name, x) => tf.add(mm(x, p[`${name}.weight`]), p[`${name}.bias`]);

/**
 * Normalise over `axis` with the biased variance, then scale and shift on the last axis
 * (LayerNorm: -1; BatchNorm1d: 0; BatchNorm2d in NHWC: [0, 1, 2]).
 */
function normalize(p, name, x, axis, eps) {
  const { mean, variance } = tf.moments(x, axis, true);
  const y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(y, p[`${name}.weight`]), p[`${name}.bias`]);
}

const gelu = (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));

/** Identity forward, zero gradient: detaches the probe's input from the encoder. */
const stopGradient = tf.customGrad((x) => ({ value: tf.clone(x), gradFunc: (dy) => tf.zerosLike(dy) }));

/**
 * Images [n, 1, s, s] -> patches [n·g², 16] (row-major patch grid, pixels ky·4 + kx): the
 * conv's im2col. Like the stride-4 conv, it drops the pixels past the last whole patch
 * (14 px local views: 3 patches, 2 pixels left over).
 */
function patchify(images, n, s) {
  const { patch } = LEJEPA;
  const g = Math.floor(s / patch);
  const cropped = g * patch === s ? images : tf.slice(images, [0, 0, 0, 0], [n, 1, g * patch, g * patch]);
  const grid = tf.reshape(cropped, [n, g, patch, g, patch]);
  return tf.reshape(tf.transpose(grid, [0, 1, 3, 2, 4]), [n * g * g, patch * patch]);
}

/** timm's Attention on tokens x [n·T, D]: qkv, softmax(q kᵀ / √hd) v per head, heads joined, proj. */
function attention(p, name, x, n, T) {
  const { dim, heads } = LEJEPA;
  const hd = dim / heads;
  const [q, k, v] = tf
    .split(linear(p, `${name}.qkv`, x), 3, 1)
    .map((t) => tf.transpose(tf.reshape(t, [n, T, heads, hd]), [0, 2, 1, 3]));
  const attn = tf.softmax(mm(tf.mul(q, hd ** -0.5), transposeLast(k)));
  const out = tf.reshape(tf.transpose(mm(attn, v), [0, 2, 1, 3]), [n * T, dim]);
  return linear(p, `${name}.proj`, out);
}

/** vit_nano_patch4_28's class-token embedding [n, 64] of images [n, 1, s, s]. */
function encodeVit(p, images, n, s, resample) {
  const { dim, patch, lnEps } = LEJEPA;
  const g = Math.floor(s / patch);
  const T = g * g + 1;
  const patches = tf.reshape(linear(p, 'backbone.patch_embed.proj', patchify(images, n, s)), [n, g * g, dim]);
  const cls = tf.tile(p['backbone.cls_token'], [n, 1, 1]);
  let pos = p['backbone.pos_embed'];
  if (resample) {
    // the 7x7 grid's embeddings resampled to 3x3 (the class token's kept): see posResampleMatrix
    const grid = tf.reshape(tf.slice(pos, [0, 1, 0], [1, -1, dim]), [-1, dim]);
    const resized = tf.reshape(mm(resample, grid), [1, g * g, dim]);
    pos = tf.concat([tf.slice(pos, [0, 0, 0], [1, 1, dim]), resized], 1);
  }
  let x = tf.reshape(tf.add(tf.concat([cls, patches], 1), pos), [n * T, dim]);
  for (let b = 0; b < LEJEPA.depth; b++) {
    const block = `backbone.blocks.${b}`;
    x = tf.add(x, attention(p, `${block}.attn`, normalize(p, `${block}.norm1`, x, -1, lnEps), n, T));
    const h = gelu(linear(p, `${block}.mlp.fc1`, normalize(p, `${block}.norm2`, x, -1, lnEps)));
    x = tf.add(x, linear(p, `${block}.mlp.fc2`, h));
  }
  const tokens = tf.reshape(normalize(p, 'backbone.norm', x, -1, lnEps), [n, T, dim]);
  return tf.reshape(tf.slice(tokens, [0, 0, 0], [n, 1, dim]), [n, dim]);
}

/**
 * x [n, H, W, C] -> the patches of cnn_tiny's 3x3, padding-1 conv at `stride`:
 * [n·Ho·Wo, 9·C], columns in (ky, kx, c) order, the order of an HWIO filter's rows
 * reshaped to [9·C, O]. Pad, slice and reshape only, ops with gradients on every tfjs
 * backend (tfjs has no gradient for stridedSlice): a stride-s window is a stride-1 slice of
 * s·Ho rows (zeros padded past the end where needed) of which a reshape keeps every s-th.
 */
function im2col(x, stride) {
  const [n, H, W, C] = x.shape;
  const k = CNN.kernel;
  const pad = (k - 1) / 2;
  const [Ho, Wo] = [H, W].map((d) => Math.floor((d + 2 * pad - k) / stride) + 1);
  const end = (d, o) => Math.max(pad, k - 1 + stride * o - d - pad);
  const padded = tf.pad(x, [
    [0, 0],
    [pad, end(H, Ho)],
    [pad, end(W, Wo)],
    [0, 0],
  ]);
  const cols = [];
  for (let ky = 0; ky < k; ky++) {
    for (let kx = 0; kx < k; kx++) {
      let window = tf.slice(padded, [0, ky, kx, 0], [n, stride * Ho, stride * Wo, C]);
      if (stride > 1) {
        const split = tf.reshape(window, [n * Ho, stride, Wo, stride * C]);
        window = tf.slice(split, [0, 0, 0, 0], [n * Ho, 1, Wo, C]);
      }
      cols.push(tf.reshape(window, [n * Ho * Wo, C]));
    }
  }
  return { cols: tf.concat(cols, 1), Ho, Wo };
}

/**
 * cnn_tiny's 3x3 conv (padding 1, no bias) of x [n, H, W, C] with the HWIO filter `name`:
 * tf.conv2d, or im2col + matmul where the backend lacks the conv's weight gradient.
 */
function conv3x3(p, name, x, stride, asMatMul) {
  const w = p[name];
  if (!asMatMul) return tf.conv2d(x, w, stride, (CNN.kernel - 1) / 2);
  const [kh, kw, C, O] = w.shape;
  const { cols, Ho, Wo } = im2col(x, stride);
  return tf.reshape(mm(cols, tf.reshape(w, [kh * kw * C, O])), [x.shape[0], Ho, Wo, O]);
}

/**
 * cnn_tiny's embedding [n, 128] of images [n, C, s, s]: (conv, BatchNorm2d with the
 * batch's statistics, ReLU) per stage in NHWC, then the mean over H and W.
 */
function encodeCnn(p, images, n, s, convAsMatMul) {
  const { inChans } = CNN;
  // NCHW -> NHWC: with one channel, the same memory
  let x =
    inChans === 1
      ? tf.reshape(images, [n, s, s, 1])
      : tf.transpose(tf.reshape(images, [n, inChans, s, s]), [0, 2, 3, 1]);
  CNN.widths.forEach((_, i) => {
    const stage = `backbone.stages.${i}`;
    const y = conv3x3(p, `${stage}.conv.weight`, x, CNN.strides[i], convAsMatMul);
    x = tf.relu(normalize(p, `${stage}.bn`, y, [0, 1, 2], LEJEPA.bnEps));
  });
  return tf.mean(x, [1, 2]);
}

/** (Linear, BatchNorm1d in train mode, ReLU) x 2, Linear. */
function project(p, x) {
  const { bnEps } = LEJEPA;
  x = tf.relu(normalize(p, 'projector.1', linear(p, 'projector.0', x), 0, bnEps));
  x = tf.relu(normalize(p, 'projector.4', linear(p, 'projector.3', x), 0, bnEps));
  return linear(p, 'projector.6', x);
}

/** SIGReg of projections z [V, N, K] on directions A [K, M]: Epps-Pulley per slice and view, averaged. */
function sigreg(z, A, grid) {
  const [V, N, K] = z.shape;
  const M = A.shape[1];
  const proj = tf.reshape(mm(tf.reshape(z, [V * N, K]), A), [V, 1, N, M]);
  const tz = tf.mul(proj, grid.t); // [V, knots, N, M]
  const re = tf.sub(tf.mean(tf.cos(tz), 2), grid.phi); // E cos(tZ) - phi(t)
  const im = tf.mean(tf.sin(tz), 2);
  const statistic = tf.sum(tf.mul(tf.add(tf.square(re), tf.square(im)), grid.weights), 1); // [V, M]
  return tf.mean(statistic);
}

/**
 * A trainer for the current tfjs backend, from host parameters of the step with `model`
 * and a batch (lejepa-common.mjs). `step(directions)` runs one training step with SIGReg's
 * directions [K·M] and resolves, once the loss is on the host, to the step's
 * loss terms (before the update, as Isotropic's trainStep reports them).
 * `convAsMatMul` (default: on tfjs-backend-wasm) writes cnn_tiny's convs as im2col + matmul.
 * @param {import('./lejepa-common.mjs').HostParams} hostParams
 */
export function tfjsLejepaTrainer(
  hostParams,
  batch,
  { model = DEFAULT_MODEL, plainMatMulGrad = false, convAsMatMul = tf.getBackend() === 'wasm' } = {},
) {
  const cnn = checkModel(model) === 'cnn_tiny';
  if (!hostParams.has(cnn ? 'backbone.stages.0.conv.weight' : 'backbone.cls_token'))
    throw new Error(`tfjsLejepaTrainer: the parameters are not ${model}'s`);
  mm = plainMatMulGrad ? tf.matMul : matMul;
  const { lr, weightDecay, betas, adamEps, lambda, batch: B, globalViews: vg, localViews: vl } = LEJEPA;
  const prefix = `lejepa_${tf.getBackend()}_${Math.random().toString(36).slice(2)}/`;
  const p = {};
  for (const [name, hp] of hostParams) {
    // tidy frees the initial value once the variable holds its own reference; conv
    // weights OIHW -> tfjs's HWIO filters
    p[name] = tf.tidy(() => {
      const value = tf.tensor(hp.data, hp.shape);
      return tf.variable(
        hp.shape.length === 4 ? tf.transpose(value, [2, 3, 1, 0]) : value,
        true,
        prefix + name,
      );
    });
  }
  const decayed = [...hostParams].filter(([, hp]) => hp.decay).map(([name]) => p[name]);
  const optimizer = tf.train.adam(lr, betas[0], betas[1], adamEps);
  const q = quadrature();
  const grid = {
    t: tf.tensor(q.t, [1, LEJEPA.knots, 1, 1]),
    phi: tf.tensor(q.phi, [1, LEJEPA.knots, 1]),
    weights: tf.tensor(q.weights, [1, LEJEPA.knots, 1]),
  };
  const resample = cnn ? null : tf.tensor(posResampleMatrix(), [9, 49]);
  const global = tf.tensor(batch.global, batch.globalShape);
  const local = tf.tensor(batch.local, batch.localShape);
  const labels = tf.tensor(batch.labels, [B], 'int32');
  const { globalSize: gs, localSize: ls } = LEJEPA;
  const chans = cnn ? CNN.inChans : 1;
  /** Embeddings [n, D] of images [n, C, s, s]; the ViT resamples its position embeddings to the local views' grid. */
  const encode = (images, n, s, local) =>
    cnn ? encodeCnn(p, images, n, s, convAsMatMul) : encodeVit(p, images, n, s, local ? resample : null);

  /** The objective; `parts` receives the loss terms (kept out of the tidy) for reporting. */
  function objective(A, parts) {
    // global and local views through the backbone separately (BatchNorm: statistics per group)
    const embeddings = tf.concat(
      [
        encode(tf.reshape(global, [vg * B, chans, gs, gs]), vg * B, gs, false),
        encode(tf.reshape(local, [vl * B, chans, ls, ls]), vl * B, ls, true),
      ],
      0,
    );
    const z = tf.reshape(project(p, embeddings), [vg + vl, B, -1]);
    const centers = tf.mean(tf.slice(z, [0, 0, 0], [vg, -1, -1]), 0, true);
    const sim = tf.mean(tf.square(tf.sub(centers, z)));
    const reg = sigreg(z, A, grid);
    const loss = tf.add(tf.mul(sim, 1 - lambda), tf.mul(reg, lambda));
    // online probe on the detached global-view embeddings, labels repeated per view
    const logits = linear(p, 'probe', stopGradient(tf.slice(embeddings, [0, 0], [vg * B, -1])));
    const repeated = tf.concat(Array.from({ length: vg }, () => labels));
    const targets = tf.cast(tf.oneHot(repeated, LEJEPA.classes), 'float32');
    const probe = tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), targets), -1)));
    parts.push(...[loss, sim, reg, probe].map((t) => tf.keep(t)));
    return tf.add(loss, probe);
  }

  return {
    /** @param {Float32Array} directions */
    async step(directions) {
      const parts = [];
      tf.tidy(() => {
        const A = tf.tensor(directions, [LEJEPA.projOut, LEJEPA.slices]);
        const { grads } = tf.variableGrads(() => objective(A, parts), Object.values(p));
        // AdamW's decoupled decay, p ← p (1 − lr·wd), on the old values, then Adam
        for (const v of decayed) v.assign(tf.mul(v, 1 - lr * weightDecay));
        optimizer.applyGradients(grads);
      });
      const [loss, sim, reg, probe] = await Promise.all(parts.map((t) => t.data()));
      tf.dispose(parts);
      return { loss: loss[0], sim: sim[0], sigreg: reg[0], probe: probe[0] };
    },
    dispose() {
      optimizer.dispose();
      tf.dispose([
        ...Object.values(p),
        ...Object.values(grid),
        ...(resample ? [resample] : []),
        global,
        local,
        labels,
      ]);
    },
  };
}
