import { logSoftmax, mean, mul, neg, oneHot, sum, type Tensor } from '@isotropic/tensor';

/** Mean softmax cross-entropy of logits [N, C] against int32 labels [N]. */
export function crossEntropy(logits: Tensor, labels: Tensor): Tensor {
  const c = logits.shape[logits.ndim - 1]!;
  return neg(mean(sum(mul(logSoftmax(logits, -1), oneHot(labels, c)), -1)));
}
