import {
  add,
  argmax,
  div,
  eq,
  matmul,
  mean,
  mul,
  noGrad,
  oneHot,
  scope,
  softmax,
  sqrt,
  sub,
  sum,
  type Tensor,
  ValueError,
  variance,
  zeros,
} from '@isotropic/tensor';

export interface LinearProbeOptions {
  /** Full-batch Adam iterations. */
  iterations?: number;
  learningRate?: number;
  /** L2 penalty on the weights (not the bias). */
  weightDecay?: number;
}

export interface LinearProbeResult {
  trainAccuracy: number;
  testAccuracy: number;
}

function checkPair(op: string, x: Tensor, y: Tensor): void {
  if (x.ndim !== 2 || y.ndim !== 1 || x.shape[0] !== y.shape[0]) {
    throw new ValueError(
      `${op}: expected embeddings [N, D] and labels [N], got [${x.shape}] and [${y.shape}]`,
    );
  }
  if (y.dtype !== 'int32') throw new ValueError(`${op}: labels must be int32, got ${y.dtype}`);
}

/** Largest label (a loop: spreading 60k values into Math.max overflows the stack). */
export function maxLabel(labels: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < labels.length; i++) m = Math.max(m, labels[i]!);
  return m;
}

async function accuracy(x: Tensor, y: Tensor, w: Tensor, b: Tensor): Promise<number> {
  return scope(() => mean(eq(argmax(add(matmul(x, w), b), 1), y).cast('float32'))).item();
}

/**
 * Frozen linear probe: multinomial logistic regression on standardised
 * embeddings, trained full-batch with Adam (a convex problem, so the optimiser
 * matters little; full batch makes the result deterministic). The gradient of
 * softmax cross-entropy is written out (X^T (P - Y) / N), so no autograd is needed
 * and the work is a few matmuls per step on whatever backend holds the data.
 */
export async function linearProbe(
  trainX: Tensor,
  trainY: Tensor,
  testX: Tensor,
  testY: Tensor,
  opts: LinearProbeOptions = {},
): Promise<LinearProbeResult> {
  checkPair('linearProbe', trainX, trainY);
  checkPair('linearProbe', testX, testY);
  const { iterations = 300, learningRate = 0.05, weightDecay = 1e-4 } = opts;
  const numClasses = Math.max(maxLabel(await trainY.data()), maxLabel(await testY.data())) + 1;
  return noGrad(async () => {
    const mu = mean(trainX, 0, true).keep();
    const sd = add(sqrt(variance(trainX, 0, true)), 1e-6).keep();
    const xs = div(sub(trainX, mu), sd).keep();
    const xt = div(sub(testX, mu), sd).keep();
    const targets = oneHot(trainY, numClasses).keep();
    const n = trainX.shape[0]!;
    const d = trainX.shape[1]!;
    let w = zeros([d, numClasses]).contiguous().keep();
    let b = zeros([numClasses]).contiguous().keep();
    let mw = zeros([d, numClasses]).keep();
    let vw = zeros([d, numClasses]).keep();
    let mb = zeros([numClasses]).keep();
    let vb = zeros([numClasses]).keep();
    const xT = xs.transpose();
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    for (let t = 1; t <= iterations; t++) {
      const next = scope(() => {
        const p = softmax(add(matmul(xs, w), b), 1);
        const r = div(sub(p, targets), n);
        const gw = add(matmul(xT, r), mul(w, weightDecay));
        const gb = sum(r, 0);
        const adam = (param: Tensor, g: Tensor, m: Tensor, v: Tensor) => {
          const m2 = add(mul(m, b1), mul(g, 1 - b1));
          const v2 = add(mul(v, b2), mul(mul(g, g), 1 - b2));
          const step = div(div(m2, 1 - b1 ** t), add(sqrt(div(v2, 1 - b2 ** t)), eps));
          return [sub(param, mul(step, learningRate)), m2, v2] as const;
        };
        return [...adam(w, gw, mw, vw), ...adam(b, gb, mb, vb)];
      });
      for (const old of [w, mw, vw, b, mb, vb]) old.dispose();
      [w, mw, vw, b, mb, vb] = next;
    }
    const result = {
      trainAccuracy: await accuracy(xs, trainY, w, b),
      testAccuracy: await accuracy(xt, testY, w, b),
    };
    for (const t of [mu, sd, xs, xt, targets, xT, w, b, mw, vw, mb, vb]) t.dispose();
    return result;
  });
}

/** Flattened raw inputs as embeddings: the "raw pixels" baseline of the probe. */
export function rawPixels(images: Tensor): Tensor {
  return images.reshape([images.shape[0]!, -1]);
}
