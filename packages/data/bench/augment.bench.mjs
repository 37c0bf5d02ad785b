// Throughput of the full LeJEPA augmentation pipeline (MultiCrop 2 global + 6
// local views, every default transform, Normalize) through the loaders, in
// source images per second (each image yields 8 views). Runs against the built package: `pnpm build` first
// (the `bench` script in package.json does not build; turbo's bench task does).
//
//   node bench/augment.bench.mjs            # both input sizes
//   node bench/augment.bench.mjs --quick    # fewer images, for a smoke run
import { availableParallelism, cpus, loadavg } from 'node:os';
import {
  createLoader,
  createWorkerLoader,
  FASHION_MNIST_STATS,
  fromArray,
  IMAGENET_STATS,
  loadFashionMnist,
  multiCrop,
  subset,
} from '../dist/node.js';

const quick = process.argv.includes('--quick');

function syntheticPhoto(index, size) {
  // Smooth colour gradients plus deterministic noise: crops, jitter and blur all have work to do.
  const data = new Float32Array(3 * size * size);
  let state = (index + 1) * 2654435761;
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        state = (state * 1103515245 + 12345) >>> 0;
        const wave = 0.5 + 0.5 * Math.sin((x * (c + 1)) / 17 + (y * (index + 2)) / 23);
        data[(c * size + y) * size + x] = 0.8 * wave + 0.2 * (state / 2 ** 32);
      }
    }
  }
  return { image: { data, channels: 3, height: size, width: size } };
}

/**
 * Images per second from creating the loader to its last batch, so worker
 * start-up and per-thread JIT warm-up are paid like in a real run, plus images
 * per CPU-second (process.cpuUsage covers worker threads too), which is less
 * sensitive to other load on a shared machine. Best of `repeats` runs.
 */
async function measure(makeLoader, images, repeats = 2) {
  let best = { wall: 0, cpu: 0 };
  for (let run = 0; run < repeats; run++) {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    let seen = 0;
    for await (const batch of makeLoader()) seen += batch.indices.length;
    if (seen !== images) throw new Error(`expected ${images} images, loader yielded ${seen}`);
    const wall = seen / ((performance.now() - started) / 1000);
    const { user, system } = process.cpuUsage(cpuStart);
    if (wall > best.wall) best = { wall, cpu: seen / ((user + system) / 1e6) };
  }
  return best;
}

async function scenario(name, dataset, options) {
  const rows = [];
  const images = dataset.length;
  rows.push(['in-process', await measure(() => createLoader(dataset, options), images)]);
  for (const workers of [1, 2]) {
    const prefetch = 2 * workers + 2;
    const rate = await measure(() => createWorkerLoader(dataset, { ...options, workers, prefetch }), images);
    rows.push([`${workers} worker${workers > 1 ? 's' : ''}`, rate]);
  }
  console.log(`\n${name}`);
  for (const [label, { wall, cpu }] of rows) {
    console.log(
      `  ${label.padEnd(11)} ${wall.toFixed(1).padStart(8)} images/s   ${cpu.toFixed(1).padStart(8)} images/CPU-s`,
    );
  }
  return rows;
}

console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(2)}`,
);

const fashion = await loadFashionMnist({ split: 'train' });
const fashionCount = quick ? 512 : 16384;
await scenario(
  `Fashion-MNIST 1x28x28 -> 2x28 + 6x14 views, batch 64, ${fashionCount} images`,
  subset(
    fashion,
    Array.from({ length: fashionCount }, (_, i) => (i * 7919) % fashion.length),
  ),
  {
    batchSize: 64,
    views: multiCrop({ globalSize: 28, localSize: 14, normalize: FASHION_MNIST_STATS }),
    seed: 0,
  },
);

const photoCount = quick ? 24 : 96;
await scenario(
  `Photos 3x224x224 -> 2x224 + 6x96 views, batch 8, ${photoCount} images`,
  fromArray(Array.from({ length: photoCount }, (_, i) => syntheticPhoto(i, 224))),
  { batchSize: 8, views: multiCrop({ globalSize: 224, localSize: 96, normalize: IMAGENET_STATS }), seed: 0 },
);
