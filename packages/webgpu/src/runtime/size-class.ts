/** Smallest buffer the pools hand out; also a multiple of 16 so vec4 bindings fit. */
export const MIN_BUFFER_BYTES = 256;

/**
 * Rounds a byte count up to its size class: four classes per power of two
 * (e.g. 1024, 1280, 1536, 1792, 2048), so a pooled buffer wastes at most 25%
 * while similar sizes (a batch that shrank by one row) still share buffers.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= MIN_BUFFER_BYTES) return MIN_BUFFER_BYTES;
  const e = Math.ceil(Math.log2(bytes));
  const step = 2 ** (e - 3);
  return Math.ceil(bytes / step) * step;
}
