import { DataError, describeError } from '../errors.js';
import type { DecodedPixels, FolderItem } from './image-folder.js';
import { ImageFolder } from './image-folder.js';
import type { FolderPlan } from './layout.js';
import { IMAGE_EXTENSIONS } from './layout.js';
import type { ResolvedFolderOptions, SkippedFile } from './options.js';

/**
 * Decodes every planned file with `decode`, applying the bad-data policy:
 * a file that fails is reported (onSkip) and left out, or, in strict mode,
 * raised as a DataError naming it. `pathOf` renders a file for messages.
 */
export async function decodeFolder<T>(
  root: string,
  plan: FolderPlan<T>,
  decode: (source: T) => Promise<DecodedPixels>,
  pathOf: (source: T) => string,
  options: ResolvedFolderOptions,
  earlierSkips: SkippedFile[] = [],
): Promise<ImageFolder> {
  const found = plan.items.length + plan.misplaced.length;
  if (found === 0) {
    throw new DataError(
      'EMPTY_FOLDER',
      `${root}: no images found (looked for ${IMAGE_EXTENSIONS.join(', ')} files; ${plan.ignored} other files ignored)`,
      { path: root },
    );
  }
  const skipped: SkippedFile[] = [];
  const skip = (file: SkippedFile, code: 'DECODE_FAILED' | 'UNLABELED_FILE', cause?: unknown) => {
    if (options.strict) throw new DataError(code, `${file.path}: ${file.reason}`, { path: file.path, cause });
    skipped.push(file);
    options.onSkip(file);
  };
  for (const file of earlierSkips) skip(file, 'DECODE_FAILED');
  for (const { source } of plan.misplaced) {
    skip(
      {
        path: pathOf(source),
        reason: `image is not inside a class folder (classes: ${plan.classes.join(', ')})`,
      },
      'UNLABELED_FILE',
    );
  }

  const decoded: (FolderItem | null)[] = new Array(plan.items.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < plan.items.length) {
      const slot = next++;
      const { file, label } = plan.items[slot];
      const path = pathOf(file.source);
      try {
        decoded[slot] = { ...(await decode(file.source)), path, label };
      } catch (error) {
        skip({ path, reason: `could not decode: ${describeError(error)}` }, 'DECODE_FAILED', error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, plan.items.length) }, worker));

  const items = decoded.filter((item): item is FolderItem => item !== null);
  if (items.length === 0) {
    throw new DataError(
      'NO_READABLE_IMAGES',
      `${root}: found ${found} image files but none could be used (first problem: ${skipped[0]?.path}: ${skipped[0]?.reason})`,
      { path: root },
    );
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return new ImageFolder(items, {
    root,
    found,
    loaded: items.length,
    skipped,
    ignored: plan.ignored,
    classes: plan.classes,
  });
}
