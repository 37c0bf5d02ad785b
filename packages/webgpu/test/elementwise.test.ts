import type { BinaryOp, DType, Tensor, UnaryOp } from '@isotropic/tensor';
import * as T from '@isotropic/tensor';
import { it } from 'vitest';
import { describeWebGPU } from './gpu-backend.js';
import { expectParity, strided } from './parity.js';

const UNARY: UnaryOp[] = [
  'copy',
  'neg',
  'abs',
  'sign',
  'exp',
  'log',
  'sqrt',
  'recip',
  'sin',
  'cos',
  'tanh',
  'erf',
  'floor',
  'not',
];
const BINARY: BinaryOp[] = [
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'max',
  'min',
  'lt',
  'le',
  'gt',
  'ge',
  'eq',
  'ne',
];

/** Floats with the awkward values: NaN, infinities, signed zeros, big and tiny magnitudes. */
const SPECIAL = [
  NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  2.5,
  -2.5,
  1e-30,
  3e9,
  -3e9,
  1e10,
  88,
  -88,
  20,
  -20,
];
/**
 * sin and cos use the driver's builtins, accurate to ~1e-7 up to |x| ~ 1e6 but
 * not beyond (no Payne-Hanek range reduction): documented in the README.
 */
const TRIG = new Set<UnaryOp>(['sin', 'cos']);
const special = (op: UnaryOp) => (TRIG.has(op) ? SPECIAL.filter((v) => !(Math.abs(v) > 1e6)) : SPECIAL);
const INTS = [0, 1, -1, 7, -7, 2147483647, -2147483648, 100];
const ints = (op: UnaryOp) => (TRIG.has(op) ? INTS.filter((v) => Math.abs(v) < 1e6) : INTS);

describeWebGPU('elementwise primitives match the CPU backend', () => {
  it.each(UNARY)('unary %s on float32 (random, strided, special values)', async (op) => {
    await expectParity((m) => {
      const x = op === 'log' || op === 'sqrt' ? m.uniform([5, 37], 0.01, 4) : m.uniform([5, 37], -4, 4);
      const sp = special(op);
      return [
        T.prim.unaryP(op, x),
        T.prim.unaryP(op, strided(x)),
        T.prim.unaryP(op, m.tensor(sp, [sp.length])),
      ];
    });
  });

  it.each(UNARY)('unary %s on int32 and bool (JS ToInt32 / Uint8 wrapping)', async (op) => {
    await expectParity((m) => {
      const i = m.tensor(ints(op), [ints(op).length], 'int32');
      const b = m.tensor([0, 1, 1, 0], [4], 'bool');
      return [T.prim.unaryP(op, i), T.prim.unaryP(op, strided(i)), T.prim.unaryP(op, b)];
    });
  });

  it.each(BINARY)('binary %s on float32 with broadcasting and strided views', async (op) => {
    await expectParity((m) => {
      const a = m.uniform([3, 1, 5], 0.1, 3);
      const b = m.uniform([4, 5], -3, 3);
      const c = m.uniform([4, 5], 0.1, 3);
      const s = m.tensor(SPECIAL, [SPECIAL.length]);
      const r = m.tensor([...SPECIAL].reverse(), [SPECIAL.length]);
      const bin = (x: Tensor, y: Tensor) => T.prim.binaryP(op, x, y, T.broadcastShapes(op, x.shape, y.shape));
      return [
        bin(a, op === 'pow' ? c : b),
        bin(strided(b), T.transpose(T.contiguous(T.transpose(c)))),
        bin(
          T.slice(m.uniform([6, 10], 0.2, 2), [
            [1, 5],
            [0, 10, 2],
          ]),
          b,
        ),
        bin(s, r),
        bin(m.tensor([2], []), s),
      ];
    });
  });

  it.each(BINARY)('binary %s on int32 and bool', async (op) => {
    await expectParity((m) => {
      const a = m.tensor([0, 1, -1, 7, -7, 3, 2147483647, -2147483648, 5, -3], [2, 5], 'int32');
      const b = m.tensor([1, 0, 2, -3, 2, 4, 1, -1], [2, 1, 4], 'int32');
      const p = m.tensor([2, 3, -2, 2, 0, 1, 31, 1, 0, 2], [2, 5], 'int32');
      const bin = (x: Tensor, y: Tensor) => T.prim.binaryP(op, x, y, T.broadcastShapes(op, x.shape, y.shape));
      const bx = m.tensor([0, 1, 1, 0], [4], 'bool');
      const by = m.tensor([0, 0, 1, 1], [4], 'bool');
      return [bin(a, op === 'pow' ? p : a), bin(T.slice(a, [null, [0, 4]]), b), bin(bx, by)];
    });
  });

  it('where with broadcast condition and operands, every dtype', async () => {
    await expectParity((m) => {
      const c = m.bools([4, 1, 6]);
      const outs: Tensor[] = [];
      for (const [a, b] of [
        [m.randn([3, 6]), m.randn([4, 3, 1])],
        [m.randint([3, 6], -9, 9), m.randint([6], -9, 9)],
        [m.bools([3, 6]), m.bools([1, 6])],
      ] as const) {
        const shape = T.broadcastShapes('where', c.shape, a.shape, b.shape);
        outs.push(T.prim.whereP(c, a, b, shape), T.prim.whereP(strided(c), strided(a), b, shape));
      }
      return outs;
    });
  });

  const DTYPES: DType[] = ['float32', 'int32', 'bool'];
  it.each(DTYPES.flatMap((from) => DTYPES.map((to) => [from, to] as const)))(
    'cast %s -> %s',
    async (from, to) => {
      await expectParity((m) => {
        const src =
          from === 'float32'
            ? m.tensor([...SPECIAL, 2.7, -2.7, 5e9, -5e9, 4294967296 + 1024, 0.9999], [SPECIAL.length + 6])
            : from === 'int32'
              ? m.tensor([0, 1, -1, 2147483647, -2147483648, 255, 256], [7], 'int32')
              : m.tensor([0, 1, 1, 0], [4], 'bool');
        return [T.prim.castP(src, to), T.prim.castP(strided(src), to)];
      });
    },
  );

  it('public compositions: gelu, sigmoid, softmax, layerNorm on odd shapes', async () => {
    await expectParity((m) => {
      const x = m.randn([7, 33]);
      const w = m.randn([33]);
      const b = m.randn([33]);
      return [
        T.gelu(x),
        T.gelu(x, 'tanh'),
        T.sigmoid(strided(x)),
        T.softmax(x, -1),
        T.softmax(strided(x), 0),
        T.logSoftmax(x, 1),
        T.layerNorm(x, [33], w, b),
        T.clip(x, -0.5, 0.5),
      ];
    });
  });
});
