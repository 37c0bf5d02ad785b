/**
 * Tile shapes for the two matmul kernels, and how one is picked per call.
 *
 * `register` (CPU adapters such as lavapipe, and the fallback): no workgroup
 * memory; each invocation keeps an RM x (4*CN) block of C in registers, reading
 * A as scalars that all lanes of a row share (WX >= 8 keeps a SIMD group on one
 * row, so a load is a broadcast) and B as vec4. On a CPU, workgroup memory is
 * just more copying and barriers are costly, so this is the fast layout there.
 *
 * `shared` (GPUs): a TM x TN tile of C per workgroup, A and B staged through
 * workgroup memory TK at a time, each thread holding RM x 4*CN accumulators.
 */
export interface RegisterTile {
  readonly kind: 'register';
  readonly RM: number;
  readonly CN: number;
  readonly WX: number;
  readonly WY: number;
}

export interface SharedTile {
  readonly kind: 'shared';
  readonly RM: number;
  readonly CN: number;
  readonly WX: number;
  readonly WY: number;
  readonly TK: number;
}

export type MatmulTile = RegisterTile | SharedTile;

export const tileRows = (t: MatmulTile) => t.RM * t.WY;
export const tileCols = (t: MatmulTile) => 4 * t.CN * t.WX;

export function tileName(t: MatmulTile): string {
  const base = `${t.kind} ${tileRows(t)}x${tileCols(t)} (${t.RM}x${4 * t.CN}/thread, wg ${t.WX}x${t.WY}`;
  return t.kind === 'shared' ? `${base}, k ${t.TK})` : `${base})`;
}

/** Largest first; measured on lavapipe (see docs/benchmarks.md). */
export const REGISTER_TILES: readonly RegisterTile[] = [
  { kind: 'register', RM: 16, CN: 2, WX: 8, WY: 4 },
  { kind: 'register', RM: 8, CN: 1, WX: 8, WY: 4 },
  { kind: 'register', RM: 4, CN: 1, WX: 8, WY: 4 },
  { kind: 'register', RM: 4, CN: 1, WX: 8, WY: 1 },
  { kind: 'register', RM: 1, CN: 1, WX: 8, WY: 1 },
];

export const SHARED_TILES: readonly SharedTile[] = [
  { kind: 'shared', RM: 4, CN: 2, WX: 16, WY: 16, TK: 16 },
  { kind: 'shared', RM: 4, CN: 1, WX: 16, WY: 16, TK: 16 },
  { kind: 'shared', RM: 4, CN: 1, WX: 8, WY: 8, TK: 16 },
];

/**
 * The largest tile that still yields `minTiles` workgroups (enough to keep the
 * device busy) and does not overshoot a small matrix by more than half a tile.
 */
export function chooseTile(
  tiles: readonly MatmulTile[],
  M: number,
  N: number,
  batch: number,
  minTiles: number,
): MatmulTile {
  for (const t of tiles) {
    const rows = tileRows(t);
    const cols = tileCols(t);
    if (rows > 2 * M && t !== tiles[tiles.length - 1]) continue;
    if (cols > 2 * N + 8 && t.CN > 1) continue;
    const count = Math.ceil(M / rows) * Math.ceil(N / cols) * batch;
    if (count >= minTiles) return t;
  }
  return tiles[tiles.length - 1]!;
}
