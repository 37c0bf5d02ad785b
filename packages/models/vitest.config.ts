import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // one file at a time: the CPU backend already runs its kernels on every core, and
    // parallel files on a small shared machine only oversubscribe it
    fileParallelism: false,
  },
});
