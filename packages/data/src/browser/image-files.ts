import { DataError, describeError } from '../errors.js';
import { decodeFolder } from '../folder/decode-folder.js';
import type { DecodedPixels, ImageFolder } from '../folder/image-folder.js';
import type { FolderFile } from '../folder/layout.js';
import { planFolder } from '../folder/layout.js';
import type { ImageFolderOptions, ResolvedFolderOptions, SkippedFile } from '../folder/options.js';
import { resolveFolderOptions } from '../folder/options.js';
import { decodeWithCanvas } from './canvas-decoder.js';

/** A file plus its path relative to the chosen folder ('/'-separated, e.g. 'cats/1.png'). */
export interface PathedBlob {
  path: string;
  blob: Blob;
}

/** `<input type="file" webkitdirectory>` gives Files with a webkitRelativePath. */
type FileWithPath = Blob & { name: string; webkitRelativePath?: string };

/** The subset of FileSystemDirectoryHandle (showDirectoryPicker) that is used. */
export interface DirectoryHandleLike {
  kind: 'directory';
  name: string;
  values(): AsyncIterable<DirectoryHandleLike | FileHandleLike>;
}

export interface FileHandleLike {
  kind: 'file';
  name: string;
  getFile(): Promise<Blob>;
}

export interface BrowserImageFolderOptions extends ImageFolderOptions {
  /** Replaces the canvas decoder (mainly for tests or custom formats). */
  decode?: (blob: Blob, options: ResolvedFolderOptions) => Promise<DecodedPixels>;
  /** Name used for the folder in messages and `summary.root`, default 'files'. */
  rootName?: string;
}

/**
 * Loads images chosen with `<input type="file" multiple webkitdirectory>`
 * (labels from the sub-folders under the chosen folder) or given as
 * { path, blob } pairs. Same layout rules and bad-data policy as loadImageFolder.
 */
export async function loadImageFiles(
  files: Iterable<FileWithPath | PathedBlob> | ArrayLike<FileWithPath>,
  options: BrowserImageFolderOptions = {},
): Promise<ImageFolder> {
  const entries: FolderFile<PathedBlob>[] = [];
  Array.from(files as ArrayLike<FileWithPath | PathedBlob>).forEach((file, i) => {
    const pathed = toPathedBlob(file, i);
    entries.push({ relativePath: pathed.path, source: pathed });
  });
  return decodeEntries(options.rootName ?? 'files', entries, [], options);
}

/** Loads every image under a directory handle from `showDirectoryPicker()`. */
export async function loadImageDirectory(
  handle: DirectoryHandleLike,
  options: BrowserImageFolderOptions = {},
): Promise<ImageFolder> {
  const entries: FolderFile<PathedBlob>[] = [];
  const unreadable: SkippedFile[] = [];
  const visit = async (dir: DirectoryHandleLike, prefix: string) => {
    for await (const entry of dir.values()) {
      if (entry.name.startsWith('.')) continue;
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      try {
        if (entry.kind === 'directory') await visit(entry, path);
        else entries.push({ relativePath: path, source: { path, blob: await entry.getFile() } });
      } catch (error) {
        unreadable.push({
          path: `${handle.name}/${path}`,
          reason: `could not read: ${describeError(error)}`,
        });
      }
    }
  };
  await visit(handle, '');
  return decodeEntries(options.rootName ?? handle.name, entries, unreadable, options);
}

function toPathedBlob(file: FileWithPath | PathedBlob, position: number): PathedBlob {
  if ('blob' in file && typeof file.path === 'string') return file;
  if (
    typeof Blob !== 'undefined' &&
    file instanceof Blob &&
    typeof (file as FileWithPath).name === 'string'
  ) {
    return { path: relativeToPickedFolder(file as FileWithPath), blob: file };
  }
  throw new DataError(
    'INVALID_OPTION',
    `loadImageFiles: files[${position}] is neither a File nor a { path, blob } pair`,
    { option: `files[${position}]` },
  );
}

/** webkitRelativePath starts with the picked folder's own name; labels come from below it. */
function relativeToPickedFolder(file: FileWithPath): string {
  const full = file.webkitRelativePath || file.name;
  const slash = full.indexOf('/');
  return file.webkitRelativePath && slash !== -1 ? full.slice(slash + 1) : full;
}

function decodeEntries(
  root: string,
  entries: FolderFile<PathedBlob>[],
  unreadable: SkippedFile[],
  options: BrowserImageFolderOptions,
): Promise<ImageFolder> {
  const resolved = resolveFolderOptions(options);
  const decode = options.decode ?? decodeWithCanvas;
  return decodeFolder(
    root,
    planFolder(entries),
    (source) => decode(source.blob, resolved),
    (source) => `${root}/${source.path}`,
    resolved,
    unreadable,
  );
}
