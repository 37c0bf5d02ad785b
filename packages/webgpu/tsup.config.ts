import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  // Consumers' TypeScript needs the WebGPU DOM types our declarations mention.
  dts: { banner: '/// <reference types="@webgpu/types" />' },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // The build resolves @isotropic/tensor through its published types (dist); only
  // typecheck and tests map it to the sources (tsconfig.json paths, vitest alias).
  tsconfig: 'tsconfig.build.json',
  // Optional peer, loaded with a dynamic import in Node only: never bundle it.
  external: ['webgpu'],
});
