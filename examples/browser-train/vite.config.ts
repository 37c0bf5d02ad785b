import { defineConfig } from 'vite';

/**
 * Cross-origin isolation lets the page use SharedArrayBuffer, which the CPU backend's
 * threaded kernels need; everything the page loads is its own, so nothing breaks.
 */
const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative asset URLs: the built page works from any folder or static host.
  base: './',
  server: { host: '127.0.0.1', headers: CROSS_ORIGIN_ISOLATION },
  preview: { host: '127.0.0.1', headers: CROSS_ORIGIN_ISOLATION },
  // @isotropic/data starts its augmentation worker with
  // new Worker(new URL('./augment-worker.browser.js', import.meta.url)); pre-bundling the
  // package would move the code away from that file (see the @isotropic/data README).
  optimizeDeps: { exclude: ['@isotropic/data'] },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
