import { readFileSync } from 'node:fs';

/** One case of test/fixtures/sigreg-vectors.json (a copy of the float64 numpy reference). */
export interface ReferenceCase {
  readonly name: string;
  readonly V: number;
  readonly N: number;
  readonly K: number;
  readonly M: number;
  readonly knots: number;
  readonly tMax: number;
  /** (V, N, K) row-major. */
  readonly emb: readonly number[];
  /** (K, M) row-major; columns are unit directions. */
  readonly A: readonly number[];
  readonly sigreg: number;
  /** d sigreg / d emb, (V, N, K). Absent for the large iid case. */
  readonly sigregGrad?: readonly number[];
  readonly nGlobal?: number;
  readonly lambda?: number;
  readonly lejepa?: number;
  readonly sim?: number;
  /** d lejepa / d emb, (V, N, K). */
  readonly lejepaGrad?: readonly number[];
}

export interface LejepaReferenceCase extends ReferenceCase {
  readonly nGlobal: number;
  readonly lambda: number;
  readonly lejepa: number;
  readonly sim: number;
  readonly lejepaGrad: readonly number[];
}

interface ReferenceFile {
  readonly formula: string;
  readonly layout: string;
  readonly cases: readonly ReferenceCase[];
}

/** Read from the package itself, never from outside the project. */
export function loadReference(): ReferenceFile {
  const url = new URL('../fixtures/sigreg-vectors.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as ReferenceFile;
}

export function isLejepaCase(c: ReferenceCase): c is LejepaReferenceCase {
  return c.lejepa !== undefined && c.lejepaGrad !== undefined;
}

/** |got - want| / |want| for scalars. */
export function scalarRelativeError(got: number, want: number): number {
  return Math.abs(got - want) / Math.abs(want);
}

/**
 * Relative error of a vector: max_i |got_i - want_i| / max_i |want_i|. Relative to the
 * vector's scale rather than per element, since gradient entries pass through zero.
 */
export function vectorRelativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) throw new Error(`length ${got.length} != ${want.length}`);
  let maxDiff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(got[i]! - want[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return maxDiff / scale;
}
