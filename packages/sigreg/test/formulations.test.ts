import { randn } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { sampleDirections, sigreg } from '../src/index.js';

/**
 * The paper's pseudo-code integrates over the whole line, t = linspace(-5, 5, 17), with
 * torch.trapz. The integrand |ecf(t) - phi(t)|^2 phi(t) is even in t (ecf(-t) is the
 * conjugate of ecf(t), phi is real), and an odd symmetric grid contains t = 0, so that
 * trapezoid equals twice the trapezoid on [0, 5] with the same spacing: the doubled
 * half-line weights used here, with { knots: 9, tMax: 5 }.
 */
function fullLineTrapezoid(x: Float64Array, N: number, K: number, a: Float64Array, M: number): number {
  const t = Array.from({ length: 17 }, (_, i) => -5 + (10 * i) / 16);
  let total = 0;
  for (let m = 0; m < M; m++) {
    const z = Array.from({ length: N }, (_, n) => {
      let s = 0;
      for (let k = 0; k < K; k++) s += x[n * K + k]! * a[k * M + m]!;
      return s;
    });
    const integrand = t.map((tk) => {
      const re = z.reduce((s, v) => s + Math.cos(tk * v), 0) / N;
      const im = z.reduce((s, v) => s + Math.sin(tk * v), 0) / N;
      const phi = Math.exp(-(tk * tk) / 2);
      return ((re - phi) ** 2 + im ** 2) * phi;
    });
    let trapz = 0;
    for (let i = 1; i < t.length; i++)
      trapz += ((t[i]! - t[i - 1]!) * (integrand[i]! + integrand[i - 1]!)) / 2;
    total += N * trapz;
  }
  return total / M;
}

describe('other published formulations', () => {
  it("the paper's full-line pseudo-code is { knots: 9, tMax: 5 } on the half line", async () => {
    const [N, K, M] = [50, 6, 10];
    const x = randn([N, K], { seed: 8, dtype: 'float64' });
    const A = sampleDirections(K, M, 4, { dtype: 'float64' });
    const want = fullLineTrapezoid(
      (await x.data()) as Float64Array,
      N,
      K,
      (await A.data()) as Float64Array,
      M,
    );
    const got = (await sigreg(x, { directions: A, knots: 9, tMax: 5 }).data())[0]!;
    expect(got).toBeCloseTo(want, 12);
  });
});
