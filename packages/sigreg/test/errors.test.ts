import { DTypeError, randn, ShapeError, tensor, ValueError } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import {
  type CentersMode,
  epsPulley,
  lejepaLoss,
  sampleDirections,
  sigreg,
  sliceStatistics,
} from '../src/index.js';

describe('argument errors: typed, naming the function, the shapes and what was expected', () => {
  const x = randn([8, 4]);
  const views = randn([2, 8, 4]);

  it('wrong ranks', () => {
    expect(() => sigreg(randn([5]))).toThrow(ShapeError);
    expect(() => sigreg(randn([5]))).toThrow(
      'sigreg: expected embeddings of shape [N, K] or [V, N, K], got [5]',
    );
    expect(() => sigreg(randn([2, 3, 4, 5]))).toThrow('got [2,3,4,5]');
    expect(() => sliceStatistics(randn([5]))).toThrow(/^sliceStatistics: expected embeddings/);
    expect(() => lejepaLoss(x)).toThrow(ShapeError);
    expect(() => lejepaLoss(x)).toThrow(
      /^lejepaLoss: expected embeddings of shape \[V, N, K\].*got \[8,4\]$/,
    );
    expect(() => epsPulley(randn([5]))).toThrow('epsPulley: expected projections of shape [N, M], got [5]');
  });

  it('fewer than two samples', () => {
    expect(() => sigreg(randn([1, 4]))).toThrow(ShapeError);
    expect(() => sigreg(randn([1, 4]))).toThrow(
      'sigreg: need at least 2 samples (N >= 2), got N = 1 in [1,4]',
    );
    expect(() => sigreg(randn([3, 1, 4]))).toThrow('got N = 1 in [3,1,4]');
    expect(() => lejepaLoss(randn([3, 1, 4]))).toThrow(/^lejepaLoss: need at least 2 samples/);
    expect(() => epsPulley(randn([1, 6]))).toThrow(
      'epsPulley: need at least 2 samples (N >= 2), got N = 1 in [1,6]',
    );
  });

  it.each([16, 2, 1, 0, -3, 2.5, Number.NaN])(
    'knots = %d is rejected (odd integer >= 3 expected)',
    (knots) => {
      expect(() => sigreg(x, { knots })).toThrow(ValueError);
      expect(() => sigreg(x, { knots })).toThrow(`sigreg: knots must be an odd integer >= 3, got ${knots}`);
      expect(() => epsPulley(x, { knots })).toThrow(/^epsPulley: knots must be an odd integer >= 3/);
    },
  );

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'tMax = %d is rejected (finite > 0 expected)',
    (tMax) => {
      expect(() => sigreg(x, { tMax })).toThrow(ValueError);
      expect(() => sigreg(x, { tMax })).toThrow(`sigreg: tMax must be a finite number > 0, got ${tMax}`);
      expect(() => lejepaLoss(views, { tMax })).toThrow(/^lejepaLoss: tMax must be/);
    },
  );

  it('numGlobal larger than the number of views', () => {
    expect(() => lejepaLoss(views, { numGlobal: 3 })).toThrow(ShapeError);
    expect(() => lejepaLoss(views, { numGlobal: 3 })).toThrow(
      'lejepaLoss: numGlobal = 3 exceeds the 2 views of embeddings [2,8,4]; expected numGlobal <= V',
    );
    // irrelevant (and not checked) when the centers average every view
    expect(() => lejepaLoss(views, { numGlobal: 3, centers: 'all' })).not.toThrow();
  });

  it('other LeJEPA options', () => {
    expect(() => lejepaLoss(views, { numGlobal: 0 })).toThrow(
      'lejepaLoss: numGlobal must be a positive integer, got 0',
    );
    expect(() => lejepaLoss(views, { lambda: 1.5 })).toThrow('lejepaLoss: lambda must be in [0, 1], got 1.5');
    const centers = 'middle' as unknown as CentersMode;
    expect(() => lejepaLoss(views, { centers })).toThrow(
      `lejepaLoss: centers must be 'global' or 'all', got "middle"`,
    );
  });

  it('directions of the wrong shape or dtype', () => {
    expect(() => sigreg(x, { directions: randn([5, 3]) })).toThrow(ShapeError);
    expect(() => sigreg(x, { directions: randn([5, 3]) })).toThrow(
      'sigreg: expected directions of shape [4, M] for embeddings [8,4], got [5,3]',
    );
    expect(() => sigreg(x, { directions: randn([4]) })).toThrow('got [4]');
    const intDirections = tensor([1, 0, 0, 1, 0, 0, 1, 0], [4, 2], { dtype: 'int32' });
    expect(() => sigreg(x, { directions: intDirections })).toThrow(DTypeError);
  });

  it('non-float embeddings', () => {
    const ints = tensor([1, 2, 3, 4], [2, 2], { dtype: 'int32' });
    expect(() => sigreg(ints)).toThrow(DTypeError);
    expect(() => sigreg(ints)).toThrow('sigreg: expected float embeddings, got int32 of shape [2,2]');
  });

  it('slice counts and seeds', () => {
    expect(() => sigreg(x, { numSlices: 0 })).toThrow('sigreg: numSlices must be a positive integer, got 0');
    expect(() => sigreg(x, { seed: -1 })).toThrow(ValueError);
    expect(() => sigreg(x, { seed: 1.5 })).toThrow(/^sigreg: seed must be a non-negative safe integer/);
    expect(() => sampleDirections(0, 3)).toThrow('sampleDirections: K must be a positive integer, got 0');
    expect(() => sampleDirections(3, 2.5)).toThrow('sampleDirections: M must be a positive integer, got 2.5');
  });
});
