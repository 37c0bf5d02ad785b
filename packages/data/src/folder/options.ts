import { DataError } from '../errors.js';
import { requireBoolean, requireInteger, requireSize } from '../validate.js';

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface ImageFolderOptions {
  /**
   * Stored size of every image: a number resizes so the *shorter* side has
   * that length (aspect kept, like torchvision's Resize(int)); [height, width]
   * resizes to cover that box and centre-crops; 'original' keeps decoded size.
   * Default 256 (a good source for 224px crops). For 28x28 data use 28 or 'original'.
   */
  size?: number | readonly [number, number] | 'original';
  /** 3 (RGB, default) or 1 (grayscale). Every image is converted to this. */
  channels?: 1 | 3;
  /** Throw on the first unreadable/corrupt/misplaced file instead of skipping it. Default false. */
  strict?: boolean;
  /** Colour transparent pixels are composited onto, 0-255 RGB. Default black. */
  background?: readonly [number, number, number];
  /** Files decoded at once, default 4. */
  concurrency?: number;
  /** Called for each skipped file. Default: console.warn with the path and reason. */
  onSkip?: (file: SkippedFile) => void;
}

export interface ResolvedFolderOptions {
  size: readonly [number, number] | number | 'original';
  channels: 1 | 3;
  strict: boolean;
  background: readonly [number, number, number];
  concurrency: number;
  onSkip: (file: SkippedFile) => void;
}

export function resolveFolderOptions(options: ImageFolderOptions): ResolvedFolderOptions {
  const size = options.size ?? 256;
  const channels = options.channels ?? 3;
  if (channels !== 1 && channels !== 3) {
    throw new DataError('INVALID_OPTION', `option \`channels\` must be 1 or 3, got ${String(channels)}`, {
      option: 'channels',
    });
  }
  const background = options.background ?? [0, 0, 0];
  if (!Array.isArray(background) || background.length !== 3) {
    throw new DataError('INVALID_OPTION', 'option `background` must be an [r, g, b] triple of 0-255 values', {
      option: 'background',
    });
  }
  background.forEach((value, i) => {
    requireInteger(`background[${i}]`, value, 0, 255);
  });
  return {
    size:
      size === 'original'
        ? size
        : typeof size === 'number'
          ? requireInteger('size', size, 1)
          : requireSize('size', size),
    channels,
    strict: requireBoolean('strict', options.strict ?? false),
    background,
    concurrency: requireInteger('concurrency', options.concurrency ?? 4, 1),
    onSkip:
      options.onSkip ?? ((file) => console.warn(`[@isotropic/data] skipped ${file.path}: ${file.reason}`)),
  };
}
