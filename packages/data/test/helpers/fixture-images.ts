import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

/** 8-bit RGB pixels for a width x height image, value of (x, y, channel) = fn(...). */
export function rgbPixels(
  width: number,
  height: number,
  fn: (x: number, y: number, c: number) => number,
): Buffer {
  const bytes = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) bytes[(y * width + x) * 3 + c] = fn(x, y, c);
    }
  }
  return bytes;
}

function write(root: string, relative: string, bytes: Buffer | Uint8Array): string {
  const path = join(root, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

export const fixture = {
  async png(root: string, relative: string, width: number, height: number, pixels: Buffer): Promise<string> {
    return write(
      root,
      relative,
      await sharp(pixels, { raw: { width, height, channels: 3 } })
        .png()
        .toBuffer(),
    );
  },
  async jpeg(root: string, relative: string, width: number, height: number, pixels: Buffer): Promise<string> {
    const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer();
    return write(root, relative, jpeg);
  },
  /** Single-channel 8-bit PNG. */
  async grayPng(
    root: string,
    relative: string,
    width: number,
    height: number,
    gray: Uint8Array,
  ): Promise<string> {
    const png = await sharp(Buffer.from(gray), { raw: { width, height, channels: 1 } })
      .png()
      .toBuffer();
    return write(root, relative, png);
  },
  /** RGBA PNG from interleaved RGBA bytes. */
  async rgbaPng(
    root: string,
    relative: string,
    width: number,
    height: number,
    rgba: Uint8Array,
  ): Promise<string> {
    const png = await sharp(Buffer.from(rgba), { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer();
    return write(root, relative, png);
  },
  /** 16-bit-per-channel RGB PNG; sharp scales the 8-bit input by 257, so it decodes back to `pixels`. */
  async png16(
    root: string,
    relative: string,
    width: number,
    height: number,
    pixels: Buffer,
  ): Promise<string> {
    const png = await sharp(pixels, { raw: { width, height, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    return write(root, relative, png);
  },
  bytes(root: string, relative: string, bytes: Uint8Array | string): string {
    return write(root, relative, typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
  },
};
