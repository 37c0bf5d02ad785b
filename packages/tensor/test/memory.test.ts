import { describe, expect, it } from 'vitest';
import {
  add,
  conv2d,
  cpuBackend,
  DisposedError,
  layerNorm,
  matmul,
  memory,
  randn,
  scope,
  softmax,
  sum,
  tensor,
} from '../src/index.js';

describe('ownership and the live-storage counter', () => {
  it('a loop of 500 steps inside scope() keeps live storage flat without any dispose', () => {
    const w = randn([16, 16], { seed: 1 });
    const kernel = randn([4, 3, 3, 3], { seed: 2 });
    let state = randn([8, 16], { seed: 3 });
    const step = () =>
      scope(() => {
        const h = softmax(matmul(state, w), -1);
        const n = layerNorm(h, [16]);
        const img = conv2d(randn([1, 3, 6, 6], { seed: 4 }), kernel, null, { padding: 1 });
        const next = add(n, sum(img));
        return next;
      });
    // warm-up step, then measure
    let next = step();
    state.dispose();
    state = next;
    const before = memory(cpuBackend());
    for (let i = 0; i < 500; i++) {
      next = step();
      state.dispose();
      state = next;
    }
    const after = memory(cpuBackend());
    expect(after.liveStorages).toBe(before.liveStorages);
    expect(after.liveTensors).toBe(before.liveTensors);
    expect(after.liveBytes).toBe(before.liveBytes);
  });

  it('returned tensors survive their scope; kept ones too; the rest are released', () => {
    const base = memory(cpuBackend()).liveStorages;
    let kept: ReturnType<typeof tensor> | undefined;
    let dropped: ReturnType<typeof tensor> | undefined;
    const out = scope(() => {
      dropped = tensor([1, 2, 3]);
      kept = tensor([4, 5]).keep();
      return { a: tensor([7]), list: [tensor([8])] };
    });
    expect(dropped!.isDisposed).toBe(true);
    expect(kept!.isDisposed).toBe(false);
    expect(out.a.isDisposed).toBe(false);
    expect(out.list[0]!.isDisposed).toBe(false);
    expect(memory(cpuBackend()).liveStorages).toBe(base + 3);
    for (const t of [kept!, out.a, out.list[0]!]) t.dispose();
    expect(memory(cpuBackend()).liveStorages).toBe(base);
  });

  it('nested scopes hand returned tensors to the enclosing scope', () => {
    let inner: ReturnType<typeof tensor> | undefined;
    scope(() => {
      inner = scope(() => tensor([1]));
      expect(inner.isDisposed).toBe(false);
    });
    expect(inner!.isDisposed).toBe(true);
  });

  it('async scopes release after the promise settles, also on error', async () => {
    let t: ReturnType<typeof tensor> | undefined;
    await expect(
      scope(async () => {
        t = tensor([1]);
        await Promise.resolve();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(t!.isDisposed).toBe(true);
  });

  it('views share storage: the storage lives until the last view is released', () => {
    const base = memory(cpuBackend()).liveStorages;
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const v = x.transpose();
    expect(memory(cpuBackend()).liveStorages).toBe(base + 1);
    x.dispose();
    expect(v.arraySync()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    v.dispose();
    expect(memory(cpuBackend()).liveStorages).toBe(base);
  });

  it('using a disposed tensor is a clear error, and dispose is idempotent', () => {
    const x = tensor([1, 2]);
    x.dispose();
    x.dispose();
    expect(() => add(x, 1)).toThrow(DisposedError);
    expect(() => add(x, 1)).toThrow(/add: tensor of shape \[2\] \(float32\) was disposed/);
  });

  it('Symbol.dispose releases at block end (`using`)', () => {
    const base = memory(cpuBackend()).liveStorages;
    {
      const x = tensor([1, 2, 3]);
      x[Symbol.dispose]();
    }
    expect(memory(cpuBackend()).liveStorages).toBe(base);
  });
});
