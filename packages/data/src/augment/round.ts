/**
 * Python's round(): halves go to the even neighbour. torchvision's
 * RandomResizedCrop rounds crop sizes this way, and matching it keeps crop
 * boxes identical to the reference for the same sampled numbers.
 */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
