import { matmul, mean, noGrad, scope, sub, type Tensor, ValueError } from '@isotropic/tensor';

/**
 * Projects embeddings [N, D] onto their top-2 principal components, for the
 * report's scatter plot. The D x D covariance is formed with one matmul on the
 * tensor's backend; the eigenvectors come from power iteration with deflation
 * on the host (D is small: a few hundred).
 */
export async function pca2d(x: Tensor): Promise<Float32Array> {
  if (x.ndim !== 2 || x.shape[0]! < 2)
    throw new ValueError(`pca2d: expected embeddings [N >= 2, D], got [${x.shape}]`);
  const [n, d] = x.shape as [number, number];
  const { centered, cov } = noGrad(() =>
    scope(() => {
      const c = sub(x, mean(x, 0, true));
      return { centered: c, cov: matmul(c.transpose(), c) };
    }),
  );
  const covData = await cov.data();
  cov.dispose();
  const vecs: Float64Array[] = [];
  const a = Float64Array.from(covData, (v) => v / (n - 1));
  for (let comp = 0; comp < 2; comp++) {
    let v = new Float64Array(d).map((_, i) => Math.sin(i + 1 + comp));
    for (let it = 0; it < 300; it++) {
      const w = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += a[i * d + j]! * v[j]!;
        w[i] = s;
      }
      const norm = Math.hypot(...w) || 1;
      v = w.map((e) => e / norm);
    }
    // deflate: remove this component so the next iteration finds the second
    let lambda = 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) lambda += v[i]! * a[i * d + j]! * v[j]!;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j]! -= lambda * v[i]! * v[j]!;
    vecs.push(v);
  }
  const data = await centered.data();
  centered.dispose();
  const out = new Float32Array(n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += data[r * d + j]! * vecs[c]![j]!;
      out[r * 2 + c] = s;
    }
  }
  return out;
}
