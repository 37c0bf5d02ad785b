import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../src/errors.js';
import type { SkippedFile } from '../src/folder/options.js';
import { loadImageFolder } from '../src/node/image-folder.js';
import { fixture, rgbPixels } from './helpers/fixture-images.js';

let root: string;
let classes: string;
const quiet = () => {};
const gradient = rgbPixels(6, 4, (x, y, c) => (x * 40 + y * 10 + c * 3) % 256);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'isotropic-folder-'));
  classes = join(root, 'classes');
  await fixture.png(classes, 'cat/a-rgb.png', 6, 4, gradient);
  await fixture.jpeg(classes, 'cat/b-photo.jpg', 6, 4, gradient);
  await fixture.grayPng(classes, 'dog/c-gray.png', 2, 2, Uint8Array.from([0, 85, 170, 255]));
  // Left pixel opaque orange, right pixel fully transparent white.
  await fixture.rgbaPng(
    classes,
    'dog/d-alpha.png',
    2,
    1,
    Uint8Array.from([255, 128, 0, 255, 255, 255, 255, 0]),
  );
  await fixture.png16(classes, 'dog/e-deep.png', 6, 4, gradient);
  fixture.bytes(classes, 'dog/f-corrupt.jpg', 'this is not a jpeg');
  const png = await sharp(gradient, { raw: { width: 6, height: 4, channels: 3 } })
    .png()
    .toBuffer();
  fixture.bytes(classes, 'dog/g-truncated.png', png.subarray(0, png.length - 30));
  fixture.bytes(classes, 'dog/notes.txt', 'ignored');
  fixture.bytes(classes, '.DS_Store', 'ignored');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loadImageFolder (sharp)', () => {
  it('labels by sub-folder, skips corrupt files by default and summarises what happened', async () => {
    const skipped: SkippedFile[] = [];
    const folder = await loadImageFolder(classes, { size: 'original', onSkip: (file) => skipped.push(file) });
    expect(folder.classes).toEqual(['cat', 'dog']);
    expect(folder.length).toBe(5);
    expect(folder.summary).toMatchObject({ found: 7, loaded: 5, ignored: 1, classes: ['cat', 'dog'] });
    expect(folder.summary.skipped.map((s) => s.path)).toEqual([
      join(classes, 'dog/f-corrupt.jpg'),
      join(classes, 'dog/g-truncated.png'),
    ]);
    expect(folder.summary.skipped[0].reason).toMatch(/could not decode/);
    expect(skipped).toHaveLength(2);
    expect(Array.from({ length: 5 }, (_, i) => folder.get(i).label)).toEqual([0, 0, 1, 1, 1]);
    expect(folder.pathOf(2)).toBe(join(classes, 'dog/c-gray.png'));
  });

  it('converts grayscale, RGBA and 16-bit PNGs to 8-bit-accurate RGB', async () => {
    const folder = await loadImageFolder(classes, { size: 'original', onSkip: quiet });
    const byName = (name: string) => {
      const index = Array.from({ length: folder.length }, (_, i) => i).find((i) =>
        folder.pathOf(i).endsWith(name),
      );
      return folder.get(index as number).image;
    };
    const gray = byName('c-gray.png');
    expect([gray.channels, gray.height, gray.width]).toEqual([3, 2, 2]);
    for (let c = 0; c < 3; c++) {
      expect(Array.from(gray.data.subarray(c * 4, c * 4 + 4)).map((v) => Math.round(v * 255))).toEqual([
        0, 85, 170, 255,
      ]);
    }
    const alpha = byName('d-alpha.png');
    // planar: R = [255, 0], G = [128, 0], B = [0, 0]; the transparent pixel lands on the black background
    expect(Array.from(alpha.data).map((v) => Math.round(v * 255))).toEqual([255, 0, 128, 0, 0, 0]);
    const deep = byName('e-deep.png');
    const rgb = byName('a-rgb.png');
    expect(Array.from(deep.data)).toEqual(Array.from(rgb.data));
    expect(rgb.data[1 * 4 * 6 + 0]).toBeCloseTo(gradient[1] / 255, 6); // G channel of pixel (0, 0)
  });

  it('resizes the shorter side, or covers an exact size', async () => {
    const short = await loadImageFolder(classes, { size: 8, onSkip: quiet });
    expect([short.get(0).image.height, short.get(0).image.width]).toEqual([8, 12]);
    expect([short.get(2).image.height, short.get(2).image.width]).toEqual([8, 8]);
    const exact = await loadImageFolder(classes, { size: [5, 3], channels: 1, onSkip: quiet });
    for (let i = 0; i < exact.length; i++) {
      const { image } = exact.get(i);
      expect([image.channels, image.height, image.width]).toEqual([1, 5, 3]);
    }
  });

  it('strict mode raises a DataError naming the bad file', async () => {
    const error = await loadImageFolder(classes, { strict: true, concurrency: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error.code).toBe('DECODE_FAILED');
    expect(error.path).toBe(join(classes, 'dog/f-corrupt.jpg'));
    expect(error.message).toContain('f-corrupt.jpg');
  });

  it('an empty folder (or one without images) is a clear error', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    await expect(loadImageFolder(empty)).rejects.toMatchObject({ code: 'EMPTY_FOLDER', path: empty });
    const textOnly = join(root, 'text-only');
    fixture.bytes(textOnly, 'readme.md', '# not an image');
    await expect(loadImageFolder(textOnly)).rejects.toThrowError(/no images found .*1 other files ignored/);
    await expect(loadImageFolder(join(root, 'does-not-exist'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a folder whose every image is corrupt is an error even when skipping', async () => {
    const broken = join(root, 'broken');
    fixture.bytes(broken, 'x.png', 'nope');
    await expect(loadImageFolder(broken, { onSkip: quiet })).rejects.toMatchObject({
      code: 'NO_READABLE_IMAGES',
    });
  });

  it('a flat folder is unlabeled; images beside class folders are reported, not guessed', async () => {
    const flat = join(root, 'flat');
    await fixture.png(flat, 'one.png', 6, 4, gradient);
    await fixture.jpeg(flat, 'two.JPEG', 6, 4, gradient);
    const unlabeled = await loadImageFolder(flat, { size: 'original' });
    expect(unlabeled.classes).toEqual([]);
    expect(unlabeled.get(0).label).toBeUndefined();
    expect(unlabeled.length).toBe(2);

    const mixed = join(root, 'mixed');
    await fixture.png(mixed, 'stray.png', 6, 4, gradient);
    await fixture.png(mixed, 'bird/x.png', 6, 4, gradient);
    const folder = await loadImageFolder(mixed, { onSkip: quiet });
    expect(folder.length).toBe(1);
    expect(folder.summary.skipped[0].reason).toMatch(/not inside a class folder/);
    await expect(loadImageFolder(mixed, { strict: true })).rejects.toMatchObject({ code: 'UNLABELED_FILE' });
  });

  it('rejects bad options and a file given as the folder', async () => {
    await expect(loadImageFolder(classes, { channels: 2 as 3 })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      option: 'channels',
    });
    await expect(loadImageFolder(join(classes, 'dog/notes.txt'))).rejects.toThrowError(/found a file/);
  });
});
