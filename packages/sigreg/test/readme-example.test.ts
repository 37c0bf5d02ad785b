import { valueAndGrad } from '@isotropic/autograd';
import { randn, type Tensor } from '@isotropic/tensor';
import { expect, it } from 'vitest';
import { describeIsotropy, lejepaLoss, sigreg } from '../src/index.js';

// The example of README.md, kept runnable.
it('README example', async () => {
  // 8 views (2 global + 6 local) of a batch of 256 images, 128-dim embeddings.
  const embeddings = randn([8, 256, 128], { seed: 0 });

  const step = 42; // the global training step: new slices every step, reproducible
  const [loss, grad] = valueAndGrad(
    (x: Tensor) => lejepaLoss(x, { numGlobal: 2, lambda: 0.05, numSlices: 256, seed: step }).loss,
  )(embeddings);
  console.log('loss', await loss.item(), 'grad', grad.shape);

  const x = randn([256, 128], { seed: 1 });
  x.requiresGrad = true;
  sigreg(x, { seed: step }).backward();
  console.log('d sigreg / dx', x.grad!.shape);

  const line = await describeIsotropy(randn([4096, 64], { seed: 3 }));
  console.log(line);

  expect(grad.shape).toEqual([8, 256, 128]);
  expect(x.grad!.shape).toEqual([256, 128]);
  expect(line).toMatch(/^SIGReg /);
});
