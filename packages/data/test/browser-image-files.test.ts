import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fromRgba } from '../src/browser/canvas-decoder.js';
import type { DirectoryHandleLike, FileHandleLike } from '../src/browser/image-files.js';
import { loadImageDirectory, loadImageFiles } from '../src/browser/image-files.js';
import type { DecodedPixels } from '../src/folder/image-folder.js';
import type { ResolvedFolderOptions } from '../src/folder/options.js';
import { drawPlan } from '../src/folder/target-size.js';
import { rgbPixels } from './helpers/fixture-images.js';

// Node has no createImageBitmap/OffscreenCanvas, so these tests inject a
// sharp-based decoder and exercise everything around it: paths, labels,
// skipping, strict mode. The canvas geometry is tested separately below.
async function sharpDecode(blob: Blob, options: ResolvedFolderOptions): Promise<DecodedPixels> {
  const input = Buffer.from(await blob.arrayBuffer());
  const { data, info } = await sharp(input)
    .toColourspace(options.channels === 1 ? 'b-w' : 'srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { pixels: new Uint8Array(data), channels: info.channels, height: info.height, width: info.width };
}

const quiet = () => {};
const png = () =>
  sharp(
    rgbPixels(3, 2, (x, y, c) => x * 50 + y * 20 + c),
    { raw: { width: 3, height: 2, channels: 3 } },
  )
    .png()
    .toBuffer();

function pickedFile(bytes: Uint8Array, relativePath: string): File {
  const file = new File([new Uint8Array(bytes)], relativePath.split('/').pop() as string);
  Object.defineProperty(file, 'webkitRelativePath', { value: relativePath });
  return file;
}

describe('loadImageFiles (browser)', () => {
  it('labels files from a webkitdirectory pick by their sub-folder under the picked folder', async () => {
    const bytes = await png();
    const folder = await loadImageFiles(
      [
        pickedFile(bytes, 'pets/dog/1.png'),
        pickedFile(bytes, 'pets/cat/1.png'),
        pickedFile(Buffer.from('junk'), 'pets/cat/junk.webp'),
        pickedFile(Buffer.from('x'), 'pets/cat/info.txt'),
      ],
      { decode: sharpDecode, onSkip: quiet, rootName: 'pets' },
    );
    expect(folder.classes).toEqual(['cat', 'dog']);
    expect(folder.length).toBe(2);
    expect([folder.get(0).label, folder.get(1).label]).toEqual([0, 1]);
    expect(folder.summary.skipped.map((s) => s.path)).toEqual(['pets/cat/junk.webp']);
    expect(folder.summary.ignored).toBe(1); // info.txt
  });

  it('accepts { path, blob } pairs and raises in strict mode', async () => {
    const bytes = await png();
    const entries = [
      { path: 'a.png', blob: new Blob([bytes]) },
      { path: 'b.png', blob: new Blob(['bad']) },
    ];
    const folder = await loadImageFiles(entries, { decode: sharpDecode, onSkip: quiet });
    expect(folder.length).toBe(1);
    expect(folder.get(0).label).toBeUndefined();
    await expect(loadImageFiles(entries, { decode: sharpDecode, strict: true })).rejects.toMatchObject({
      code: 'DECODE_FAILED',
      path: 'files/b.png',
    });
    await expect(loadImageFiles([], { decode: sharpDecode })).rejects.toMatchObject({ code: 'EMPTY_FOLDER' });
    const notAFile = [new Blob([bytes])] as unknown as File[];
    await expect(loadImageFiles(notAFile, { decode: sharpDecode })).rejects.toThrowError(
      /files\[0\] is neither a File nor a \{ path, blob \} pair/,
    );
  });

  it('walks a directory handle (showDirectoryPicker) recursively, skipping dot-files', async () => {
    const bytes = await png();
    const file = (name: string, data: Uint8Array | string): FileHandleLike => ({
      kind: 'file',
      name,
      getFile: async () => new Blob([typeof data === 'string' ? data : new Uint8Array(data)]),
    });
    const dir = (name: string, entries: (DirectoryHandleLike | FileHandleLike)[]): DirectoryHandleLike => ({
      kind: 'directory',
      name,
      values: async function* () {
        yield* entries;
      },
    });
    const handle = dir('photos', [
      dir('b-class', [file('x.png', bytes), dir('nested', [file('y.png', bytes)])]),
      dir('a-class', [file('z.png', bytes), file('.hidden.png', 'nope')]),
    ]);
    const folder = await loadImageDirectory(handle, { decode: sharpDecode, channels: 1 });
    expect(folder.classes).toEqual(['a-class', 'b-class']);
    expect(folder.length).toBe(3);
    expect(folder.pathOf(2)).toBe('photos/b-class/x.png');
    expect(folder.get(1).label).toBe(1);
    expect(folder.get(0).image.channels).toBe(1);
  });
});

describe('canvas decoder geometry', () => {
  it('drawPlan keeps the aspect for a short-side size and centre-crops for an exact size', () => {
    expect(drawPlan(300, 400, 150)).toEqual({ sx: 0, sy: 0, sw: 400, sh: 300, height: 150, width: 200 });
    expect(drawPlan(300, 400, [100, 100])).toEqual({
      sx: 50,
      sy: 0,
      sw: 300,
      sh: 300,
      height: 100,
      width: 100,
    });
    expect(drawPlan(30, 40, 'original')).toMatchObject({ height: 30, width: 40 });
  });

  it('fromRgba drops alpha or reduces to luma', () => {
    const rgba = Uint8ClampedArray.from([255, 0, 0, 255, 0, 255, 0, 10]);
    expect(Array.from(fromRgba(rgba, 3))).toEqual([255, 0, 0, 0, 255, 0]);
    expect(Array.from(fromRgba(rgba, 1))).toEqual([76, 150]);
  });
});
