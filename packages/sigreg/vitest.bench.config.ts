import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `pnpm bench`: the timing table in bench/, run by vitest (which compiles the TypeScript),
// with console output passed straight through. Same resolution settings as the tests.
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ['bench/**/*.bench.ts'],
    disableConsoleIntercept: true,
    testTimeout: 1_800_000,
  },
});
