import { describe, expect, it } from 'vitest';
import { quadratureGrid } from '../src/index.js';

describe('quadratureGrid', () => {
  it('is the official grid: linspace(0, tMax, knots), [dt, 2dt, ..., 2dt, dt] * exp(-t^2/2)', () => {
    const g = quadratureGrid(17, 3);
    const dt = 3 / 16;
    expect(g.t[0]).toBe(0);
    expect(g.t[1]).toBe(dt);
    expect(g.t[16]).toBe(3);
    expect(g.phi[0]).toBe(1);
    expect(g.phi[16]).toBeCloseTo(Math.exp(-4.5), 15);
    expect(g.weights[0]).toBe(dt);
    expect(g.weights[8]).toBeCloseTo(2 * dt * Math.exp(-(1.5 ** 2) / 2), 15);
    expect(g.weights[16]).toBeCloseTo(dt * Math.exp(-4.5), 15);
  });

  it('integrates the window over [-tMax, tMax] (doubled trapezoid rule)', () => {
    // sum_k w_k = trapezoid of 2 * exp(-t^2 / 2) on [0, 5] ~ sqrt(2 pi) (the tail past 5 is 6e-7)
    const g = quadratureGrid(101, 5);
    expect(g.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(Math.sqrt(2 * Math.PI), 5);
  });
});
