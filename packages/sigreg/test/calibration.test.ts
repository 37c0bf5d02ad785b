import { randn, tensor, zeros } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { quadratureGrid, sampleDirections, sigreg } from '../src/index.js';

/**
 * Where SIGReg sits for the two textbook inputs (17 knots on [0, 3]).
 *
 * Per slice, with z_n the projections, c(t) = mean_n cos(t z_n), s(t) = mean_n sin(t z_n):
 *   EP = N * sum_k w_k ((c(t_k) - phi_k)^2 + s(t_k)^2),   phi_k = exp(-t_k^2 / 2).
 *
 * iid Gaussian embeddings x ~ N(0, I): a unit direction gives z_n ~ N(0, 1), so c and s are
 * unbiased means of N iid terms (E cos(tZ) = phi, E sin(tZ) = 0) and
 *   E[(c - phi)^2 + s^2] = Var c + Var s = (E cos^2 + E sin^2 - phi^2) / N = (1 - exp(-t^2)) / N.
 * The N cancels: E[EP] = sum_k w_k (1 - exp(-t_k^2)) = 1.0524641548 for any N (and K).
 * (The exact integral over R, sqrt(2 pi) (1 - 1/sqrt(3)) = 1.0594, minus truncation at 3
 * and trapezoid error.) A single batch fluctuates around it by about 0.1.
 *
 * All-equal embeddings at the origin (complete collapse): z_n = 0, so c = 1 and s = 0:
 *   EP = N * sum_k w_k (1 - phi_k)^2 = 0.4020475797 * N   exactly, for every slice.
 * (Integral over R: sqrt(2 pi) - 2 sqrt(pi) + sqrt(2 pi / 3) = 0.4089.) Rows equal to some
 * other point a give N * sum_k w_k (1 - 2 phi_k cos(t_k a.A_m) + phi_k^2): also linear in N.
 */
const grid = quadratureGrid(17, 3);
const sumOver = (f: (k: number) => number) =>
  Array.from({ length: grid.knots }, (_, k) => f(k)).reduce((a, b) => a + b);
const GAUSSIAN_EXPECTATION = sumOver((k) => grid.weights[k]! * (1 - Math.exp(-(grid.t[k]! ** 2))));
const COLLAPSED_PER_SAMPLE = sumOver((k) => grid.weights[k]! * (1 - grid.phi[k]!) ** 2);

describe('calibration', () => {
  it('derived constants', () => {
    expect(GAUSSIAN_EXPECTATION).toBeCloseTo(1.0524641548, 9);
    expect(COLLAPSED_PER_SAMPLE).toBeCloseTo(0.4020475797, 9);
  });

  it.each([64, 512, 4096])('iid Gaussian embeddings score about 1.05 at N = %i', async (N) => {
    const K = 64;
    const draws = 6;
    let total = 0;
    for (let s = 0; s < draws; s++) {
      const x = randn([N, K], { seed: 1000 * N + s });
      total += (await sigreg(x, { numSlices: 256, seed: s }).data())[0]!;
    }
    // mean of 6 batches: standard deviation about 0.1 / sqrt(6) = 0.04
    expect(Math.abs(total / draws - GAUSSIAN_EXPECTATION)).toBeLessThan(0.15);
  });

  it.each([16, 256, 4096])('embeddings all equal to 0 score 0.402 * N at N = %i', async (N) => {
    const x = zeros([N, 32]);
    const got = (await sigreg(x, { seed: 1 }).data())[0]!;
    expect(got / N).toBeCloseTo(COLLAPSED_PER_SAMPLE, 6);
  });

  it('embeddings all equal to another point follow the closed form', async () => {
    const [N, K, M] = [100, 3, 8];
    const point = [0.3, -0.2, 0.5];
    const A = sampleDirections(K, M, 9, { dtype: 'float64' });
    const a = (await A.data()) as Float64Array;
    let expected = 0;
    for (let m = 0; m < M; m++) {
      const am = point.reduce((s, p, k) => s + p * a[k * M + m]!, 0);
      expected +=
        N *
        sumOver(
          (k) => grid.weights[k]! * (1 - 2 * grid.phi[k]! * Math.cos(grid.t[k]! * am) + grid.phi[k]! ** 2),
        );
    }
    const x = tensor(
      Array.from({ length: N }, () => point),
      undefined,
      { dtype: 'float64' },
    );
    expect((await sigreg(x, { directions: A }).data())[0]).toBeCloseTo(expected / M, 10);
  });
});
