// A first look at @isotropic/tensor: build tensors, run ops, read results back,
// and watch memory stay flat across a loop with no manual dispose.
import {
  arange,
  layerNorm,
  matmul,
  memory,
  randn,
  reshape,
  scope,
  softmax,
  sum,
  tensor,
} from '@isotropic/tensor';

const x = tensor([
  [1, 2, 3],
  [4, 5, 6],
]);
console.log('x =', x.toString());
console.log('x @ x^T =', matmul(x, x.transpose()).toString());
console.log('softmax(x, -1) =', softmax(x, -1).toString());
console.log('layerNorm(x, [3]) =', layerNorm(x, [3]).toString());
console.log('arange(12) as 3x4, summed over axis 1 =', sum(reshape(arange(12), [3, 4]), 1).toString());

// Random numbers come from a counter-based generator: the same seed gives the
// same numbers on every backend and in every run.
const w = randn([64, 64], { seed: 0 });
let h = randn([32, 64], { seed: 1 });
const step = () => {
  // Everything created inside scope() is released when it returns, except the result.
  const next = scope(() => layerNorm(matmul(h, w).tanh(), [64]));
  h.dispose();
  h = next;
};
step(); // warm-up: fills the small cache of scalar constants (eps, 1/n)
const start = memory();
const t0 = performance.now();
for (let i = 0; i < 200; i++) step();
const ms = performance.now() - t0;
const end = memory();
console.log(
  `200 steps of layerNorm(tanh(h @ W)) in ${ms.toFixed(0)} ms; live storages ${start.liveStorages} -> ${end.liveStorages}`,
);
const stats = await h.mean().item();
console.log(`mean of the final activations: ${stats.toFixed(6)} (layer norm keeps it ~0)`);
if (end.liveStorages !== start.liveStorages) {
  console.error('memory grew: this is a bug');
  process.exit(1);
}
