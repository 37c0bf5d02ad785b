import { key, mean, mul, randn, scope, sub, type Tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import {
  AdamW,
  BatchNorm1d,
  GELU,
  Linear,
  loadCheckpoint,
  Sequential,
  StateDictError,
  serializeCheckpoint,
} from '../src/index.js';

function makeModel(seed: number) {
  return new Sequential(
    new Linear(3, 8, { key: key(seed) }),
    new BatchNorm1d(8),
    new GELU(),
    new Linear(8, 1, { key: key(seed + 1) }),
  );
}

function trainSteps(model: Sequential, opt: AdamW, x: Tensor, y: Tensor, steps: number): void {
  for (let i = 0; i < steps; i++) {
    scope(() => {
      const d = sub(model.call(x), y);
      mean(mul(d, d)).backward();
      opt.step();
      opt.zeroGrad();
    });
  }
}

describe('checkpoints', () => {
  it('resuming from a checkpoint continues exactly like uninterrupted training', async () => {
    const x = randn([16, 3], { seed: 1 });
    const y = randn([16, 1], { seed: 2 });
    const model = makeModel(10);
    const opt = new AdamW(model.parameters(), { lr: 0.01 });
    trainSteps(model, opt, x, y, 3);
    const bytes = await serializeCheckpoint({ model, optimizer: opt, metadata: { step: '3' } });
    trainSteps(model, opt, x, y, 2);

    const restored = makeModel(99);
    const restoredOpt = new AdamW(restored.parameters(), { lr: 0.5 });
    expect(loadCheckpoint(bytes, { model: restored, optimizer: restoredOpt })).toEqual({ step: '3' });
    trainSteps(restored, restoredOpt, x, y, 2);

    const a = model.stateDict();
    const b = restored.stateDict();
    for (const name of Object.keys(a)) expect(b[name]!.arraySync(), name).toEqual(a[name]!.arraySync());
  });

  it('loading into a different architecture reports the mismatch', async () => {
    const bytes = await serializeCheckpoint({ model: makeModel(1) });
    expect(() => loadCheckpoint(bytes, { model: new Sequential(new Linear(3, 4)) })).toThrow(StateDictError);
  });
});
