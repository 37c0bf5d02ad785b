/**
 * Geometry of the resize a decoder performs, for decoders that draw
 * themselves (the browser canvas path; sharp computes the same internally):
 * which source rectangle to read and the output size.
 */
export interface DrawPlan {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
  height: number;
  width: number;
}

export function drawPlan(
  height: number,
  width: number,
  size: number | readonly [number, number] | 'original',
): DrawPlan {
  const whole = { sx: 0, sy: 0, sw: width, sh: height };
  if (size === 'original') return { ...whole, height, width };
  if (typeof size === 'number') {
    // Shorter side becomes `size`, aspect ratio kept.
    const scale = size / Math.min(height, width);
    return {
      ...whole,
      height: Math.max(1, Math.round(height * scale)),
      width: Math.max(1, Math.round(width * scale)),
    };
  }
  // Cover [h, w] then centre-crop: read the largest centred source box with the target's aspect.
  const [outHeight, outWidth] = size;
  const scale = Math.max(outHeight / height, outWidth / width);
  const sw = Math.min(width, outWidth / scale);
  const sh = Math.min(height, outHeight / scale);
  return { sx: (width - sw) / 2, sy: (height - sh) / 2, sw, sh, height: outHeight, width: outWidth };
}
