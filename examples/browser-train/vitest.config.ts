import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser test builds the page, then trains in headless Chromium: minutes, not seconds.
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
});
