import { defineConfig } from 'tsup';

export default defineConfig({
  // Flat output in dist/: the loaders find their worker scripts next to
  // themselves with new URL('./augment-worker.*.js', import.meta.url).
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    tensor: 'src/to-tensor.ts',
    'augment-worker.node': 'src/workers/node-worker.ts',
    'augment-worker.browser': 'src/workers/browser-worker.ts',
  },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts', node: 'src/node.ts', tensor: 'src/to-tensor.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
