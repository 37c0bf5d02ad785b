/**
 * How a folder of files becomes a labelled list, independent of where the
 * files come from (Node filesystem, browser File list, directory handle):
 *
 * - Only .jpg/.jpeg/.png/.webp files (any case) are images; others are ignored and counted.
 * - If any image sits in a sub-folder, the first path segment is its class;
 *   classes are sorted by name (code-unit order) and labelled 0, 1, ...;
 *   deeper nesting stays in the top-level class (like torchvision's ImageFolder).
 * - If no image sits in a sub-folder, the dataset is unlabeled.
 * - Images directly at the root *next to* class folders are "misplaced":
 *   their class is ambiguous, so they are reported rather than guessed.
 * - Items are ordered by relative path, so indices are the same on every OS.
 */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp'] as const;

export interface FolderFile<T> {
  /** Path relative to the root, '/'-separated. */
  relativePath: string;
  source: T;
}

export interface PlannedItem<T> {
  file: FolderFile<T>;
  label: number | undefined;
}

export interface FolderPlan<T> {
  classes: string[];
  items: PlannedItem<T>[];
  misplaced: FolderFile<T>[];
  ignored: number;
}

export function isImagePath(path: string): boolean {
  const lower = path.toLowerCase();
  return IMAGE_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

export function planFolder<T>(files: readonly FolderFile<T>[]): FolderPlan<T> {
  const images = files.filter((file) => isImagePath(file.relativePath));
  images.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  const classOf = (file: FolderFile<T>) => {
    const slash = file.relativePath.indexOf('/');
    return slash === -1 ? null : file.relativePath.slice(0, slash);
  };
  const classes = [...new Set(images.map(classOf).filter((name): name is string => name !== null))].sort();
  const labelOf = new Map(classes.map((name, label) => [name, label]));
  const items: PlannedItem<T>[] = [];
  const misplaced: FolderFile<T>[] = [];
  for (const file of images) {
    const name = classOf(file);
    if (classes.length === 0) items.push({ file, label: undefined });
    else if (name === null) misplaced.push(file);
    else items.push({ file, label: labelOf.get(name) });
  }
  return { classes, items, misplaced, ignored: files.length - images.length };
}
