import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, describeError } from '../errors.js';
import type { FolderFile } from '../folder/layout.js';
import type { SkippedFile } from '../folder/options.js';

/**
 * Lists every file under `root` (following symlinks, skipping dot-files and
 * dot-folders such as .DS_Store or .git). Sub-folders that cannot be read are
 * returned as skipped instead of aborting the walk.
 */
export async function walkFolder(
  root: string,
): Promise<{ files: FolderFile<string>[]; unreadable: SkippedFile[] }> {
  let rootStat: Awaited<ReturnType<typeof stat>>;
  try {
    rootStat = await stat(root);
  } catch (error) {
    throw new DataError(
      'NOT_FOUND',
      `${root}: image folder does not exist or cannot be read (${describeError(error)})`,
      {
        path: root,
        cause: error,
      },
    );
  }
  if (!rootStat.isDirectory()) {
    throw new DataError('NOT_FOUND', `${root}: expected a folder of images, found a file`, { path: root });
  }
  const files: FolderFile<string>[] = [];
  const unreadable: SkippedFile[] = [];
  const visit = async (dir: string, prefix: string) => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      unreadable.push({ path: dir, reason: `could not list folder: ${describeError(error)}` });
      return;
    }
    for (const name of names.sort()) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      const relativePath = prefix ? `${prefix}/${name}` : name;
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(path);
      } catch (error) {
        unreadable.push({ path, reason: `could not read: ${describeError(error)}` });
        continue;
      }
      if (info.isDirectory()) await visit(path, relativePath);
      else if (info.isFile()) files.push({ relativePath, source: path });
    }
  };
  await visit(root, '');
  return { files, unreadable };
}
