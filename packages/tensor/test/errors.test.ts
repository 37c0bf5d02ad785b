import { describe, expect, it } from 'vitest';
import * as T from '../src/index.js';
import { DTypeError, ShapeError, ValueError } from '../src/index.js';

const x23 = () => T.zeros([2, 3]);

describe('every op validates its inputs with a typed error naming the op', () => {
  it.each<[string, () => unknown, new (...args: never[]) => Error, RegExp]>([
    [
      'matmul inner dims',
      () => T.matmul(T.zeros([2, 3]), T.zeros([4, 5])),
      ShapeError,
      /^matmul: inner dimensions differ: \[2,3\] @ \[4,5\]$/,
    ],
    ['matmul rank 0', () => T.matmul(T.tensor(1), x23()), ShapeError, /matmul: operands must have rank >= 1/],
    [
      'matmul ints',
      () => T.matmul(T.zeros([2, 2], { dtype: 'int32' }), T.zeros([2, 2], { dtype: 'int32' })),
      DTypeError,
      /matmul: expected float operands/,
    ],
    [
      'broadcast',
      () => T.add(T.zeros([2, 3]), T.zeros([4])),
      ShapeError,
      /add: shapes \[2,3\], \[4\] cannot be broadcast together/,
    ],
    [
      'reshape size',
      () => T.reshape(x23(), [4, 2]),
      ShapeError,
      /reshape: cannot reshape \[2,3\] \(size 6\) into \[4,2\]/,
    ],
    ['reshape two -1', () => T.reshape(x23(), [-1, -1]), ShapeError, /reshape: at most one -1/],
    ['axis range', () => T.sum(x23(), 2), ShapeError, /sum: axis 2 is out of range for a tensor of rank 2/],
    ['repeated axis', () => T.sum(x23(), [0, -2]), ShapeError, /sum: repeated axis/],
    ['mean empty', () => T.mean(T.zeros([0, 3]), 0), ShapeError, /mean: cannot average over an empty axis/],
    ['max empty', () => T.max(T.zeros([0]), 0), ShapeError, /max: cannot reduce over the empty axis/],
    [
      'permute',
      () => T.permute(x23(), [0]),
      ShapeError,
      /permute: permutation \[0\] has 1 axes, tensor has 2/,
    ],
    [
      'broadcastTo',
      () => T.broadcastTo(x23(), [3, 3]),
      ShapeError,
      /broadcastTo: cannot broadcast \[2,3\] to \[3,3\]|broadcastTo: shapes/,
    ],
    [
      'slice step',
      () => T.slice(x23(), [[null, null, 0]]),
      ValueError,
      /slice: step must be a positive integer/,
    ],
    [
      'slice index',
      () => T.slice(x23(), [5]),
      ShapeError,
      /slice: index 5 is out of range for dim 0 of size 2/,
    ],
    ['squeeze', () => T.squeeze(x23(), 0), ShapeError, /squeeze: dim 0 of \[2,3\] has size 2, not 1/],
    [
      'concat',
      () => T.concat([x23(), T.zeros([2, 4])], 0),
      ShapeError,
      /concat: shapes \[2,3\], \[2,4\] differ outside axis 0/,
    ],
    ['stack', () => T.stack([x23(), T.zeros([3, 2])]), ShapeError, /stack: shapes .* must all be equal/],
    [
      'split sizes',
      () => T.split(x23(), [1, 2], 0),
      ShapeError,
      /split: sizes \[1,2\] must be non-negative and sum to 2/,
    ],
    ['pad widths', () => T.pad(x23(), [[1, 1]]), ShapeError, /pad: 1 pad widths for a tensor of rank 2/],
    [
      'conv2d rank',
      () => T.conv2d(x23(), T.zeros([1, 1, 1, 1])),
      ShapeError,
      /conv2d: expected input \(N, C, H, W\), got \[2,3\]/,
    ],
    [
      'conv2d channels',
      () => T.conv2d(T.zeros([1, 3, 5, 5]), T.zeros([2, 2, 3, 3])),
      ShapeError,
      /conv2d: weight \[2,2,3,3\] expects 2 input channels with groups=1, input \[1,3,5,5\] has 3/,
    ],
    [
      'conv2d groups',
      () => T.conv2d(T.zeros([1, 3, 5, 5]), T.zeros([2, 1, 3, 3]), null, { groups: 2 }),
      ValueError,
      /conv2d: groups=2 must divide input channels 3/,
    ],
    [
      'conv2d options in the bias slot',
      // what a JavaScript caller writes by analogy with F.conv2d(x, w, stride=2)
      () => T.conv2d(T.zeros([1, 1, 5, 5]), T.zeros([2, 1, 3, 3]), { stride: 2 } as unknown as T.Tensor),
      ValueError,
      /conv2d: bias must be a tensor of shape \[2\] or null, got \{"stride":2\}; options go fourth/,
    ],
    [
      'conv2d too small',
      () => T.conv2d(T.zeros([1, 1, 2, 2]), T.zeros([1, 1, 3, 3])),
      ShapeError,
      /conv2d: kernel 3x3 does not fit input 2x2/,
    ],
    [
      'pool padding',
      () => T.maxPool2d(T.zeros([1, 1, 4, 4]), 2, { padding: 2 }),
      ValueError,
      /maxPool2d: padding \[2,2\] must be at most half the kernel/,
    ],
    [
      'layerNorm shape',
      () => T.layerNorm(x23(), [2]),
      ShapeError,
      /layerNorm: normalizedShape \[2\] does not match the trailing dims of \[2,3\]/,
    ],
    [
      'gather dtype',
      () => T.gather(x23(), 0, T.zeros([1, 3])),
      DTypeError,
      /gather: indices must be int32, got float32/,
    ],
    [
      'gather range',
      () => T.gather(x23(), 0, T.tensor([[5, 0, 0]], undefined, { dtype: 'int32' })),
      ValueError,
      /gather: index 5 is out of range for an axis of size 2/,
    ],
    [
      'indexSelect rank',
      () => T.indexSelect(x23(), 0, T.zeros([1, 1], { dtype: 'int32' })),
      ShapeError,
      /indexSelect: indices must be 1-D/,
    ],
    ['tensor ragged', () => T.tensor([[1, 2], [3]]), ShapeError, /tensor: ragged nested array/],
    [
      'tensor size',
      () => T.tensor([1, 2, 3], [2, 2]),
      ShapeError,
      /tensor: 3 values cannot have shape \[2,2\]/,
    ],
    [
      'negative shape',
      () => T.zeros([-1, 2]),
      ValueError,
      /full: shape \[-1,2\] must contain non-negative integers/,
    ],
    ['arange step', () => T.arange(0, 1, 0), ValueError, /arange: step must be finite and non-zero/],
    [
      'variance dof',
      () => T.variance(T.zeros([1]), 0, false, 1),
      ValueError,
      /variance: 1 elements with correction 1 leaves no degrees of freedom/,
    ],
    ['randint range', () => T.randint(3, 3, [2]), ValueError, /randint: need integers low < high/],
  ])('%s', (_name, fn, type, message) => {
    let err: unknown;
    try {
      const r = fn();
      if (r instanceof Promise) throw new Error('expected a synchronous throw');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(type);
    expect((err as Error).message).toMatch(message);
  });
});

describe('asynchronous reads validate too', () => {
  it('item on a non-scalar rejects with a ShapeError', async () => {
    await expect(T.zeros([2]).item()).rejects.toThrow(ShapeError);
    await expect(T.zeros([2]).item()).rejects.toThrow(/item: expected one element, got shape \[2\]/);
  });
});
