import { resolve } from 'node:path';
import { decodeFolder } from '../folder/decode-folder.js';
import type { ImageFolder } from '../folder/image-folder.js';
import { planFolder } from '../folder/layout.js';
import type { ImageFolderOptions } from '../folder/options.js';
import { resolveFolderOptions } from '../folder/options.js';
import { loadSharp } from './load-sharp.js';
import { sharpDecoder } from './sharp-decoder.js';
import { walkFolder } from './walk-folder.js';

/**
 * Loads a folder of JPEG/PNG/WebP images (optionally one sub-folder per
 * class) into memory, decoded and resized with sharp.
 * See ImageFolderOptions for sizing, channels and the skip/strict policy;
 * the result's `summary` says what was loaded and what was skipped.
 */
export async function loadImageFolder(root: string, options: ImageFolderOptions = {}): Promise<ImageFolder> {
  const resolved = resolveFolderOptions(options);
  const absolute = resolve(root);
  const { files, unreadable } = await walkFolder(absolute);
  const plan = planFolder(files);
  // sharp is needed only when there is something to decode, so an empty
  // folder reports EMPTY_FOLDER even where sharp is not installed.
  const decode = plan.items.length > 0 ? sharpDecoder(await loadSharp(), resolved) : neverCalled;
  return decodeFolder(absolute, plan, decode, (path) => path, resolved, unreadable);
}

async function neverCalled(): Promise<never> {
  throw new Error('no images to decode');
}
