/** `134217728` -> `134,217,728 bytes (128 MiB)`: exact for comparison, rounded for reading. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  return u === 0 ? exact : `${exact} (${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]})`;
}
