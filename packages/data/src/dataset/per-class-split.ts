/**
 * Deterministic stratified split: within each class, in dataset order, the
 * first floor(n_c x fraction) items go to `first` and the rest to `second`.
 * Unlabeled items (label -1) are treated as one more class.
 */
export function perClassSplit(
  labels: Int32Array,
  fraction: number,
): { first: Int32Array; second: Int32Array } {
  const totals = new Map<number, number>();
  for (const label of labels) totals.set(label, (totals.get(label) ?? 0) + 1);
  const seen = new Map<number, number>();
  const first: number[] = [];
  const second: number[] = [];
  labels.forEach((label, index) => {
    const position = seen.get(label) ?? 0;
    seen.set(label, position + 1);
    const quota = Math.floor((totals.get(label) ?? 0) * fraction);
    (position < quota ? first : second).push(index);
  });
  return { first: Int32Array.from(first), second: Int32Array.from(second) };
}
