/**
 * timm's stochastic-depth decay rule (`torch.linspace(0, drop_path_rate, n)`):
 * the drop rate rises linearly from 0 at the first block to `maxRate` at the last,
 * so early blocks, whose features everything later builds on, are rarely dropped.
 */
export function dropPathRates(maxRate: number, count: number): number[] {
  if (count === 1) return [0];
  return Array.from({ length: count }, (_, i) => (maxRate * i) / (count - 1));
}
