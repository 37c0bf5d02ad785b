import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The shared fixture harness imports @isotropic/tensor's sources; map the package
    // name to the same files so tests and backend see one module graph (one scope
    // stack, one set of error classes) instead of sources plus dist.
    alias: { '@isotropic/tensor': fileURLToPath(new URL('../tensor/src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One GPU device per file; files run one after another so that lavapipe's two
    // cores are not shared between test files.
    fileParallelism: false,
  },
});
