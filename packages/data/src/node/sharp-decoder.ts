import { DataError } from '../errors.js';
import type { DecodedPixels } from '../folder/image-folder.js';
import type { ResolvedFolderOptions } from '../folder/options.js';
import type { Sharp } from './load-sharp.js';

/**
 * Decodes one file to 8-bit HWC pixels with sharp, normalising what the
 * model must not see: EXIF rotation is applied, alpha is composited onto the
 * background, and grayscale / CMYK / 16-bit inputs are converted to 8-bit
 * sRGB (or 8-bit gray when channels = 1). sharp's default `failOn: 'warning'`
 * makes truncated files fail here instead of yielding half-grey images.
 */
export function sharpDecoder(
  sharp: Sharp,
  options: ResolvedFolderOptions,
): (path: string) => Promise<DecodedPixels> {
  const [r, g, b] = options.background;
  return async (path) => {
    let pipeline = sharp(path).autoOrient();
    if (typeof options.size === 'number') {
      pipeline = pipeline.resize({ width: options.size, height: options.size, fit: 'outside' });
    } else if (options.size !== 'original') {
      pipeline = pipeline.resize({ height: options.size[0], width: options.size[1], fit: 'cover' });
    }
    pipeline = pipeline.flatten({ background: { r, g, b } });
    pipeline = pipeline.toColourspace(options.channels === 1 ? 'b-w' : 'srgb');
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== options.channels) {
      throw new DataError(
        'DECODE_FAILED',
        `${path}: decoder produced ${info.channels} channels, expected ${options.channels}`,
        { path },
      );
    }
    const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return { pixels, channels: info.channels, height: info.height, width: info.width };
  };
}
