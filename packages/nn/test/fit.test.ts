/**
 * End to end: small models fit toy problems to near-zero loss with AdamW, on
 * the CPU backend and on WebGPU when an adapter exists, and a full training step (forward, backward, clipping,
 * scheduled AdamW with weight-decay groups, BatchNorm, dropout) run inside
 * scope() 200 times does not grow memory.
 */
import {
  adaptiveAvgPool2d,
  type Backend,
  cos,
  cpuBackend,
  gather,
  key,
  logSoftmax,
  maxPool2d,
  mean,
  memory,
  mul,
  neg,
  randint,
  randn,
  reshape,
  scope,
  setBackend,
  sin,
  slice,
  sub,
  type Tensor,
  tensor,
} from '@isotropic/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdamW,
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  clipGradNorm,
  Dropout,
  GELU,
  Linear,
  Module,
  ReLU,
  Sequential,
  warmupCosine,
  weightDecayGroups,
} from '../src/index.js';
import { webgpu, webgpuUnavailable } from './webgpu-backend.js';

const mse = (pred: Tensor, target: Tensor) => mean(mul(sub(pred, target), sub(pred, target)));

function crossEntropy(logits: Tensor, labels: Tensor): Tensor {
  const picked = gather(logSoftmax(logits, -1), 1, reshape(labels, [labels.shape[0]!, 1]));
  return neg(mean(picked));
}

/** Runs `steps` AdamW steps inside scopes and returns the last loss. */
async function fit(model: Module, loss: () => Tensor, steps: number, lr: number): Promise<number> {
  const opt = new AdamW(weightDecayGroups(model, 1e-4), { lr });
  let last: Tensor | undefined;
  for (let i = 0; i < steps; i++) {
    const l = scope(() => {
      const value = loss();
      value.backward();
      opt.step();
      opt.zeroGrad();
      return value;
    });
    last?.dispose();
    last = l;
    // a periodic read, as a loop that logs its loss does; it also lets a GPU backend
    // retire finished work (Dawn keeps it all while the loop never yields)
    if (i % 25 === 0) await l.data();
  }
  return (await last!.data())[0]!;
}

async function mlpFinalLoss(): Promise<number> {
  const x = randn([64, 2], { seed: 1 });
  const y = reshape(mul(sin(mul(slice(x, [null, 0]), 2)), cos(slice(x, [null, 1]))), [64, 1]);
  const model = new Sequential(
    new Linear(2, 64, { key: key(1), initStd: 0.5 }),
    new GELU(),
    new Linear(64, 64, { key: key(2), initStd: 0.15 }),
    new GELU(),
    new Linear(64, 1, { key: key(3), initStd: 0.15 }),
  );
  return fit(model, () => mse(model.call(x), y), 600, 3e-3);
}

class SmallCNN extends Module {
  readonly conv1 = new Conv2d(1, 8, 3, { padding: 1, key: key(5), initStd: 0.3 });
  readonly bn1 = new BatchNorm2d(8);
  readonly act = new ReLU();
  readonly conv2 = new Conv2d(8, 8, 3, { padding: 1, groups: 8, key: key(6), initStd: 0.3 });
  readonly head = new Linear(8, 2, { key: key(7), initStd: 0.3 });

  forward(x: Tensor): Tensor {
    const h = maxPool2d(this.act.call(this.bn1.call(this.conv1.call(x))), 2);
    const pooled = adaptiveAvgPool2d(this.act.call(this.conv2.call(h)), 1);
    return this.head.call(reshape(pooled, [x.shape[0]!, 8]));
  }
}

/** 8x8 images with one bright bar, a row (label 0) or a column (label 1) at a random place, plus noise. */
async function barImages(n: number): Promise<{ images: Tensor; labels: Tensor }> {
  const labels = randint(0, 2, [n], { seed: 2 });
  const labelValues = await labels.data();
  const positions = await randint(0, 8, [n], { seed: 3 }).data();
  const pixels = Float32Array.from(await randn([n, 1, 8, 8], { seed: 4 }).mul(0.1).data());
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 8; j++) {
      const [r, c] = labelValues[i] === 0 ? [positions[i]!, j] : [j, positions[i]!];
      pixels[i * 64 + r * 8 + c]! += 1;
    }
  }
  return { images: tensor(pixels, [n, 1, 8, 8]), labels };
}

const backends: [string, Backend | undefined][] = [
  ['cpu', cpuBackend()],
  ['webgpu', webgpu],
];

describe.each(backends)('fitting toy problems with AdamW (%s backend)', (name, backend) => {
  if (!backend) console.warn(`[@isotropic/nn] ${name} fit tests skipped: ${webgpuUnavailable}`);
  beforeAll(() => {
    if (backend) setBackend(backend);
  });
  afterAll(() => setBackend(cpuBackend()));

  it.skipIf(!backend)('an MLP regresses a smooth function to near-zero loss', async () => {
    expect(await mlpFinalLoss()).toBeLessThan(1e-3);
  });

  it.skipIf(!backend)('a CNN separates horizontal from vertical bars to near-zero loss', async () => {
    const { images, labels } = await barImages(32);
    const model = new SmallCNN();
    expect(await fit(model, () => crossEntropy(model.call(images), labels), 150, 2e-2)).toBeLessThan(1e-3);
    model.eval();
    const predicted = await model.call(images).argmax(-1).data();
    expect(Array.from(predicted)).toEqual(Array.from(await labels.data()));
  });
});

describe('memory of a full training step', () => {
  it('200 steps inside scope() keep live tensors and storages flat', () => {
    const x = randn([16, 6], { seed: 8 });
    const y = randn([16, 2], { seed: 9 });
    const model = new Sequential(
      new Linear(6, 16, { key: key(10) }),
      new BatchNorm1d(16),
      new GELU(),
      new Dropout(0.1, { key: key(11) }),
      new Linear(16, 2, { key: key(12) }),
    );
    const opt = new AdamW(weightDecayGroups(model, 0.05), { lr: 1e-3 });
    const schedule = warmupCosine({ peakLr: 1e-2, warmupSteps: 20, totalSteps: 200, finalLr: 1e-4 });
    let reference: ReturnType<typeof memory> | undefined;
    for (let step = 0; step < 200; step++) {
      scope(() => {
        opt.setLr(schedule(step));
        mse(model.call(x), y).backward();
        clipGradNorm(model.parameters(), 1);
        opt.step();
        opt.zeroGrad();
      });
      if (step === 10) reference = memory();
    }
    const now = memory();
    expect(now.liveTensors).toBe(reference!.liveTensors);
    expect(now.liveStorages).toBe(reference!.liveStorages);
  });
});
