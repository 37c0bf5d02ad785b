import { describe, expect, it } from 'vitest';
import { CpuBackend, ecf, ecfBackward, linspace, randn, tensor } from '../src/index.js';

/** A CPU backend without the fused kernels, so ecf takes the composed path. */
class ComposedOnly extends CpuBackend {}
Object.defineProperty(ComposedOnly.prototype, 'ecf', { value: undefined });
Object.defineProperty(ComposedOnly.prototype, 'ecfBackward', { value: undefined });

function directEcf(z: Float64Array, N: number, M: number, t: number[]): number[] {
  const out: number[] = [];
  for (const fn of [Math.cos, Math.sin]) {
    for (const tk of t) {
      for (let m = 0; m < M; m++) {
        let s = 0;
        for (let n = 0; n < N; n++) s += fn(tk * z[n * M + m]!);
        out.push(s / N);
      }
    }
  }
  return out;
}

describe('ecf (fused empirical characteristic function)', () => {
  const N = 37;
  const M = 5;
  const uniform = Array.from({ length: 17 }, (_, k) => (k * 3) / 16);
  const ragged = [0.1, 0.7, 1.3, 2.9];

  it.each([
    ['uniform grid (recurrence path)', uniform],
    ['ragged points (direct path)', ragged],
  ])('matches a direct float64 sum on %s', async (_label, t) => {
    const z = randn([N, M], { seed: 1, dtype: 'float64' });
    const want = directEcf((await z.data()) as Float64Array, N, M, t);
    const got = await ecf(z, tensor(t, undefined, { dtype: 'float64' })).data();
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 12);
  });

  it('fused and composed paths agree, forward and backward', async () => {
    const composed = new ComposedOnly();
    const zData = await randn([N, M], { seed: 2 }).data();
    const g = randn([2, 17, M], { seed: 3 });
    const t = linspace(0, 3, 17);
    const zf = tensor(zData, [N, M]);
    const zc = tensor(zData, [N, M], { backend: composed });
    const fused = await ecf(zf, t).data();
    const comp = await ecf(zc, linspace(0, 3, 17, { backend: composed })).data();
    for (let i = 0; i < fused.length; i++) expect(fused[i]).toBeCloseTo(comp[i]!, 5);
    const bf = await ecfBackward(zf, t, g).data();
    const gc = tensor(await g.data(), [2, 17, M], { backend: composed });
    const bc = await ecfBackward(zc, linspace(0, 3, 17, { backend: composed }), gc).data();
    for (let i = 0; i < bf.length; i++) expect(bf[i]).toBeCloseTo(bc[i]!, 5);
  });

  it('backward is the gradient of <g, ecf(z)> (central differences, float64)', async () => {
    const t = tensor(uniform, undefined, { dtype: 'float64' });
    const zData = (await randn([N, M], { seed: 4, dtype: 'float64' }).data()) as Float64Array;
    const gData = (await randn([2, 17, M], { seed: 5, dtype: 'float64' }).data()) as Float64Array;
    const g = tensor(gData, [2, 17, M], { dtype: 'float64' });
    const f = async (zz: Float64Array) => {
      const e = await ecf(tensor(zz, [N, M], { dtype: 'float64' }), t).data();
      let s = 0;
      for (let i = 0; i < e.length; i++) s += e[i]! * gData[i]!;
      return s;
    };
    const dz = await ecfBackward(tensor(zData, [N, M], { dtype: 'float64' }), t, g).data();
    const h = 1e-6;
    for (const i of [0, 7, 44, N * M - 1]) {
      const zp = zData.slice();
      const zm = zData.slice();
      zp[i]! += h;
      zm[i]! -= h;
      const fd = ((await f(zp)) - (await f(zm))) / (2 * h);
      expect(dz[i]).toBeCloseTo(fd, 7);
    }
  });

  it('rejects wrong ranks and dtypes with the op name', () => {
    expect(() => ecf(randn([3]), linspace(0, 1, 3))).toThrow(
      /ecf: expected projections z of shape \[N, M\], got \[3\]/,
    );
    expect(() => ecf(randn([3, 2]), linspace(0, 1, 3, { dtype: 'float64' }))).toThrow(
      /ecf: z and t must share/,
    );
  });
});

describe("sincos (the ecf kernels' fast path)", () => {
  it('matches Math.cos / Math.sin to 1e-14 over a wide range', async () => {
    const { sincos } = await import('../src/cpu/ecf.js');
    const out = new Float64Array(2);
    for (let i = -2000; i <= 2000; i++) {
      const x = i * 0.0371 + (i % 7) * 1e-3;
      sincos(x, out);
      expect(Math.abs(out[0]! - Math.cos(x))).toBeLessThan(1e-14);
      expect(Math.abs(out[1]! - Math.sin(x))).toBeLessThan(1e-14);
    }
  });
});
