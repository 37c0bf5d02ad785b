import { div, matmul, noGrad, scope, sqrt, sum, type Tensor, ValueError } from '@isotropic/tensor';
import { maxLabel } from './probe.js';

export interface KnnOptions {
  k?: number;
  /** Temperature of the similarity weights exp(sim / T) (DINO's weighted kNN). */
  temperature?: number;
  /** Test rows per similarity block: bounds memory to batch x numTrain floats. */
  batchSize?: number;
}

function normalizeRows(x: Tensor): Tensor {
  return div(x, sqrt(sum(x.mul(x), 1, true)).add(1e-12));
}

/**
 * Weighted k-nearest-neighbour classification on cosine similarity, as used to
 * evaluate self-supervised encoders (k = 20, T = 0.07). Returns test accuracy.
 */
export async function knnAccuracy(
  trainX: Tensor,
  trainY: Tensor,
  testX: Tensor,
  testY: Tensor,
  opts: KnnOptions = {},
): Promise<number> {
  const { k = 20, temperature = 0.07, batchSize = 256 } = opts;
  if (trainX.ndim !== 2 || testX.ndim !== 2 || trainX.shape[1] !== testX.shape[1]) {
    throw new ValueError(
      `knnAccuracy: expected [N, D] embeddings with equal D, got [${trainX.shape}] and [${testX.shape}]`,
    );
  }
  const kk = Math.min(k, trainX.shape[0]!);
  const labels = await trainY.data();
  const truth = await testY.data();
  const numClasses = Math.max(maxLabel(labels), maxLabel(truth)) + 1;
  return noGrad(async () => {
    const trainT = scope(() => normalizeRows(trainX).transpose().contiguous());
    const nTest = testX.shape[0]!;
    const nTrain = trainX.shape[0]!;
    let correct = 0;
    const votes = new Float64Array(numClasses);
    const bestIdx = new Int32Array(kk);
    const bestSim = new Float64Array(kk);
    for (let start = 0; start < nTest; start += batchSize) {
      const rows = Math.min(batchSize, nTest - start);
      const sims = await scope(() =>
        matmul(normalizeRows(testX.slice([[start, start + rows]])), trainT),
      ).data();
      for (let r = 0; r < rows; r++) {
        // top-k by insertion into a small sorted buffer (k is tiny next to N)
        bestSim.fill(-Infinity);
        for (let j = 0; j < nTrain; j++) {
          const s = sims[r * nTrain + j]!;
          if (s <= bestSim[kk - 1]!) continue;
          let p = kk - 1;
          while (p > 0 && bestSim[p - 1]! < s) {
            bestSim[p] = bestSim[p - 1]!;
            bestIdx[p] = bestIdx[p - 1]!;
            p--;
          }
          bestSim[p] = s;
          bestIdx[p] = j;
        }
        votes.fill(0);
        for (let q = 0; q < kk; q++) votes[labels[bestIdx[q]!]!]! += Math.exp(bestSim[q]! / temperature);
        let best = 0;
        for (let c = 1; c < numClasses; c++) if (votes[c]! > votes[best]!) best = c;
        if (best === truth[start + r]) correct++;
      }
    }
    trainT.dispose();
    return correct / nTest;
  });
}
