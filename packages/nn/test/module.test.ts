import {
  DisposedError,
  key,
  memory,
  mul,
  ShapeError,
  scope,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import {
  GELU,
  LayerNorm,
  Linear,
  MLP,
  Module,
  ModuleList,
  MultiHeadSelfAttention,
  Parameter,
  Sequential,
  StateDictError,
  Variable,
} from '../src/index.js';

/** A timm-like transformer block, enough to exercise nesting and names. */
class Block extends Module {
  readonly norm1 = new LayerNorm(8);
  readonly attn = new MultiHeadSelfAttention(8, 2, { qkvBias: true, key: key(1) });
  readonly norm2 = new LayerNorm(8);
  readonly mlp = new MLP(8, { hiddenFeatures: 16, key: key(2) });

  forward(x: Tensor): Tensor {
    const h = x.add(this.attn.call(this.norm1.call(x)));
    return h.add(this.mlp.call(this.norm2.call(h)));
  }
}

class Tiny extends Module {
  readonly posEmbed = new Parameter(zeros([1, 3, 8]));
  readonly blocks = new ModuleList([new Block(), new Block()]);
  readonly runningScale = new Variable(tensor([1]));

  forward(x: Tensor): Tensor {
    let h = x.add(this.posEmbed.value);
    for (const b of this.blocks) h = b.call(h);
    return h;
  }
}

describe('Module: names, modes, parameters', () => {
  it('names parameters with dotted, snake_case paths in property order', () => {
    const names = new Tiny().namedParameters().map(([n]) => n);
    expect(names.slice(0, 8)).toEqual([
      'pos_embed',
      'blocks.0.norm1.weight',
      'blocks.0.norm1.bias',
      'blocks.0.attn.qkv.weight',
      'blocks.0.attn.qkv.bias',
      'blocks.0.attn.proj.weight',
      'blocks.0.attn.proj.bias',
      'blocks.0.norm2.weight',
    ]);
    expect(names).toContain('blocks.1.mlp.fc2.bias');
    expect(names).toHaveLength(1 + 2 * 12);
  });

  it('lists buffers separately and includes them in the state dict', () => {
    const m = new Tiny();
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['running_scale']);
    expect(Object.keys(scope(() => m.stateDict()))).toContain('running_scale');
  });

  it('runs forward through call()', () => {
    const out = new Tiny().call(zeros([2, 3, 8]));
    expect(out.shape).toEqual([2, 3, 8]);
  });

  it('train() / eval() set the mode of every descendant', () => {
    const m = new Tiny().eval();
    expect(m.namedModules().every(([, c]) => !c.training)).toBe(true);
    m.train();
    expect(m.blocks.at(1)!.mlp.drop1.training).toBe(true);
  });

  it('lists a shared parameter once', () => {
    const shared = new Linear(2, 2);
    const net = new Sequential(shared, new GELU(), shared);
    expect(net.parameters()).toHaveLength(2);
    expect(net.numParameters()).toBe(6);
  });

  it('rejects a plain array of modules with a pointer to ModuleList', () => {
    class Bad extends Module {
      readonly layers = [new Linear(2, 2)];
      forward(x: Tensor) {
        return x;
      }
    }
    expect(() => new Bad().parameters()).toThrow(/Bad\.layers: an array of modules.*use ModuleList/);
  });
});

describe('Parameter ownership', () => {
  it('is never owned by a scope', () => {
    const p = scope(() => new Parameter(tensor([1, 2])));
    expect(p.value.isDisposed).toBe(false);
  });

  it('assign() replaces the value, disposes the old one and carries the gradient', () => {
    const p = new Parameter(tensor([1, 2]));
    const old = p.value;
    p.grad = tensor([0.5, 0.5]);
    scope(() => p.assign(mul(p.value, 2)));
    expect(old.isDisposed).toBe(true);
    expect(Array.from(p.value.dataSync())).toEqual([2, 4]);
    expect(p.value.requiresGrad).toBe(true);
    expect(Array.from(p.grad!.dataSync())).toEqual([0.5, 0.5]);
  });

  it('assign() checks shape and dtype', () => {
    const p = new Parameter(tensor([1, 2]));
    expect(() => p.assign(tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => p.assign(tensor([1, 2, 3]))).toThrow(
      /Parameter\.assign: new value is float32 \[3\], expected float32 \[2\]/,
    );
    expect(() => p.assign(tensor([1, 2], undefined, { dtype: 'float64' }))).toThrow(/float64/);
  });

  it('setting .grad disposes the gradient it replaces; zeroGrad disposes it', () => {
    const p = new Parameter(tensor([1]));
    const g1 = tensor([1]);
    p.grad = g1;
    p.grad = tensor([2]);
    expect(g1.isDisposed).toBe(true);
    const g2 = p.grad!;
    p.zeroGrad();
    expect(g2.isDisposed).toBe(true);
    expect(p.grad).toBeUndefined();
  });

  it('module.dispose() releases everything', () => {
    const before = memory().liveStorages;
    const m = new MLP(4);
    m.dispose();
    expect(memory().liveStorages).toBe(before);
    expect(() => m.call(zeros([1, 4]))).toThrow(DisposedError);
  });
});

describe('stateDict / loadStateDict', () => {
  it('round-trips between two models, and the state dict is a snapshot', () => {
    const a = new MLP(4, { key: key(5) });
    const b = new MLP(4, { key: key(6) });
    const state = a.stateDict();
    b.loadStateDict(state);
    for (const [name, t] of Object.entries(b.stateDict()))
      expect(t.arraySync()).toEqual(state[name]!.arraySync());
    a.fc1.weight.assign(zeros([4, 4]).contiguous());
    expect(state['fc1.weight']!.isDisposed).toBe(false); // the old data lives on in the snapshot
  });

  it('strict loading lists missing keys, unexpected keys and shape mismatches together', () => {
    const m = new MLP(4);
    const state = m.stateDict();
    delete state['fc2.bias'];
    state['fc3.weight'] = zeros([1]);
    state['fc1.weight'] = zeros([3, 4]);
    let error: StateDictError | undefined;
    try {
      m.loadStateDict(state);
    } catch (e) {
      error = e as StateDictError;
    }
    expect(error).toBeInstanceOf(StateDictError);
    expect(error!.missingKeys).toEqual(['fc2.bias']);
    expect(error!.unexpectedKeys).toEqual(['fc3.weight']);
    expect(error!.shapeMismatches).toEqual([{ key: 'fc1.weight', expected: [4, 4], got: [3, 4] }]);
    expect(error!.message).toMatch(/MLP\.loadStateDict/);
    expect(error!.message).toMatch(/missing keys \(1\): fc2\.bias/);
    expect(error!.message).toMatch(/unexpected keys \(1\): fc3\.weight/);
    expect(error!.message).toMatch(/fc1\.weight: expected \[4,4\], got \[3,4\]/);
  });

  it('a failed load changes nothing', () => {
    const m = new Linear(2, 2, { key: key(7) });
    const before = m.weight.value.arraySync();
    expect(() => m.loadStateDict({ weight: zeros([2, 2]), bias: zeros([3]) })).toThrow(StateDictError);
    expect(m.weight.value.arraySync()).toEqual(before);
  });

  it('non-strict loading skips missing and unexpected keys but still rejects shape mismatches', () => {
    const m = new Linear(2, 2);
    const result = m.loadStateDict(
      {
        weight: tensor([
          [1, 2],
          [3, 4],
        ]),
        extra: zeros([1]),
      },
      { strict: false },
    );
    expect(result).toEqual({ missingKeys: ['bias'], unexpectedKeys: ['extra'] });
    expect(m.weight.value.arraySync()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => m.loadStateDict({ weight: zeros([1, 2]) }, { strict: false })).toThrow(
      /weight: expected \[2,2\], got \[1,2\]/,
    );
  });

  it('casts values to the slot dtype and does not take the caller tensor', () => {
    const m = new Linear(1, 1);
    const w = tensor([[0.25]], undefined, { dtype: 'float64' });
    m.loadStateDict({ weight: w, bias: tensor([0]) });
    w.dispose();
    expect(m.weight.dtype).toBe('float32');
    expect(Array.from(m.weight.value.dataSync())).toEqual([0.25]);
  });
});

describe('containers', () => {
  it('Sequential applies its layers in order and names them by index', () => {
    const net = new Sequential(new Linear(2, 3), new GELU(), new Linear(3, 1));
    expect(net.call(zeros([5, 2])).shape).toEqual([5, 1]);
    expect(net.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(net.length).toBe(3);
  });
  it('ModuleList has no forward', () => {
    expect(() => new ModuleList().forward()).toThrow(ValueError);
  });
});
