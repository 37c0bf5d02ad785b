import type { Dataset } from '../dataset/dataset.js';
import { checkIndex } from '../dataset/dataset.js';
import type { Sample } from '../image.js';
import { imageFromBytes } from '../image.js';
import type { SkippedFile } from './options.js';

/** Decoded 8-bit pixels, interleaved (HWC), as decoders produce them. */
export interface DecodedPixels {
  pixels: Uint8Array | Uint8ClampedArray;
  channels: number;
  height: number;
  width: number;
}

/** What happened while loading a folder; `skipped` lists every file that was left out and why. */
export interface FolderSummary {
  root: string;
  /** Image files found (by extension). */
  found: number;
  /** Images decoded and kept. */
  loaded: number;
  skipped: SkippedFile[];
  /** Non-image files that were not considered. */
  ignored: number;
  classes: string[];
}

export interface FolderItem extends DecodedPixels {
  path: string;
  label: number | undefined;
}

/**
 * Images decoded from a folder (Node: loadImageFolder, browser:
 * loadImageFiles / loadImageDirectory), kept in memory as 8-bit pixels and
 * converted to float CHW on `get`.
 */
export class ImageFolder implements Dataset<Sample> {
  readonly length: number;
  /** Class names in label order (empty when the folder has no class sub-folders). */
  readonly classes: readonly string[];

  constructor(
    private readonly items: readonly FolderItem[],
    readonly summary: FolderSummary,
  ) {
    this.length = items.length;
    this.classes = summary.classes;
  }

  get(index: number): Sample {
    checkIndex(index, this.length, 'ImageFolder');
    const item = this.items[index];
    const image = imageFromBytes(item.pixels, item.channels, item.height, item.width, 'hwc');
    return item.label === undefined ? { image } : { image, label: item.label };
  }

  /** Path (as given to the loader) of item `index`. */
  pathOf(index: number): string {
    checkIndex(index, this.length, 'ImageFolder');
    return this.items[index].path;
  }
}
