/**
 * Lays `workgroups` out over a 2-D grid when it exceeds the per-dimension limit
 * (65535 by default). Kernels recover the linear workgroup index with
 * `LINEAR_WORKGROUP` and return early past the end.
 */
export function grid1d(workgroups: number, maxPerDim: number): [number, number] {
  if (workgroups <= maxPerDim) return [Math.max(1, workgroups), 1];
  const y = Math.ceil(workgroups / maxPerDim);
  if (y > maxPerDim) throw new RangeError(`grid of ${workgroups} workgroups exceeds ${maxPerDim}^2`);
  return [Math.ceil(workgroups / y), y];
}

/** WGSL builtins every 1-D kernel declares in `main`'s parameter list. */
export const GRID_BUILTINS =
  '@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32';

/** WGSL expression: the linear workgroup index under `grid1d`. */
export const LINEAR_WORKGROUP = '(wid.x + wid.y * nwg.x)';
