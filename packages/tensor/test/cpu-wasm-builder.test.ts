import { describe, expect, it } from 'vitest';
import { buildKernelModule } from '../src/cpu/kernels/kernel-module.js';
import { Code } from '../src/cpu/wasm/code-builder.js';
import { writeSleb, writeUleb } from '../src/cpu/wasm/leb128.js';
import { ModuleBuilder } from '../src/cpu/wasm/module-builder.js';

const memory = { module: 'env', name: 'memory', initial: 1, maximum: 16, shared: false };

describe('the wasm module builder', () => {
  it('encodes LEB128 as the spec examples', () => {
    const u: number[] = [];
    writeUleb(u, 624485);
    expect(u).toEqual([0xe5, 0x8e, 0x26]);
    const s: number[] = [];
    writeSleb(s, -123456);
    expect(s).toEqual([0xc0, 0xbb, 0x78]);
    const big: number[] = [];
    writeSleb(big, -(2n ** 63n));
    expect(big).toHaveLength(10);
  });

  it('builds a module that validates and runs: a SIMD dot product over imported memory', () => {
    const mod = new ModuleBuilder(memory);
    mod.func(
      'dot4',
      ['i32', 'i32'],
      'f32',
      (c) => {
        const a = c.param(0, 'i32');
        const b = c.param(1, 'i32');
        const v = c.local('v128');
        c.set(v, c.f32x4.mul(c.v128.load(c.get(a)), c.v128.load(c.get(b))));
        c.result(
          c.f32.add(
            c.f32.add(c.f32x4.extractLane(c.get(v), 0), c.f32x4.extractLane(c.get(v), 1)),
            c.f32.add(c.f32x4.extractLane(c.get(v), 2), c.f32x4.extractLane(c.get(v), 3)),
          ),
        );
      },
      true,
    );
    const bytes = mod.build();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const mem = new WebAssembly.Memory({ initial: 1, maximum: 16 });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: mem } });
    new Float32Array(mem.buffer, 0, 8).set([1, 2, 3, 4, 5, 6, 7, 8]);
    const dot4 = inst.exports.dot4 as (a: number, b: number) => number;
    expect(dot4(0, 16)).toBe(1 * 5 + 2 * 6 + 3 * 7 + 4 * 8);
  });

  it('rejects an expression emitted before the operands it is combined with', () => {
    const c = new Code(['i32']);
    const x = c.param(0, 'i32');
    const early = c.i32.mul(c.get(x), c.i32c(4));
    expect(() => c.i32.add(c.get(x), early)).toThrow(/out of order/);
  });

  it('rejects blocks that leave values behind, and undefined functions', () => {
    const c = new Code([]);
    expect(() => c.block(() => void c.i32c(1))).toThrow(/leaves values/);
    const mod = new ModuleBuilder(memory);
    mod.declare('never', []);
    expect(() => mod.build()).toThrow(/never defined/);
  });

  it('generates the whole kernel module for shared and private memories, both valid', () => {
    for (const shared of [true, false]) {
      const { bytes, constants } = buildKernelModule(shared, 65536);
      expect(WebAssembly.validate(bytes)).toBe(true);
      expect(bytes.length).toBeLessThan(200_000);
      expect(constants.length % 4).toBe(0);
    }
  });
});
