import { randn, scope } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { createProjector, ModelOptionError } from '../src/index.js';

describe('createProjector', () => {
  it("has torchvision MLP's layout and state names: embed -> 2048 -> 2048 -> 128 by default", () => {
    const projector = createProjector({ inDim: 192 });
    const shapes = scope(() =>
      Object.fromEntries(Object.entries(projector.stateDict()).map(([k, t]) => [k, t.shape])),
    );
    expect(shapes).toEqual({
      '0.weight': [2048, 192],
      '0.bias': [2048],
      '1.weight': [2048],
      '1.bias': [2048],
      '1.running_mean': [2048],
      '1.running_var': [2048],
      '1.num_batches_tracked': [],
      '4.weight': [2048, 2048],
      '4.bias': [2048],
      '5.weight': [2048],
      '5.bias': [2048],
      '5.running_mean': [2048],
      '5.running_var': [2048],
      '5.num_batches_tracked': [],
      '8.weight': [128, 2048],
      '8.bias': [128],
    });
    expect(projector.outDim).toBe(128);
    projector.dispose();
  });

  it('takes its sizes and depth from the options', () => {
    const projector = createProjector({ inDim: 10, hiddenDim: 12, outDim: 3, layers: 2 });
    expect(scope(() => projector.call(randn([5, 10])).shape)).toEqual([5, 3]);
    expect(projector.namedParameters().map(([n]) => n)).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '4.weight',
      '4.bias',
    ]);
    const linearOnly = createProjector({ inDim: 10, outDim: 3, layers: 1 });
    expect(linearOnly.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias']);
    projector.dispose();
    linearOnly.dispose();
  });

  it('rejects bad sizes with a ModelOptionError naming the option', () => {
    expect(() => createProjector({ inDim: 0 })).toThrow(ModelOptionError);
    expect(() => createProjector({ inDim: 8, layers: 0 })).toThrow(/createProjector: option 'layers'/);
    expect(() => createProjector({ inDim: 8, hiddenDim: 2.5 })).toThrow(/option 'hiddenDim'/);
  });
});
