import { pathToFileURL } from 'node:url';
import { inject } from 'vitest';

/**
 * Tests that start workers import the built package staged by
 * test/setup/stage-package.ts; types still come from the sources, which the
 * build mirrors.
 */
export type NodeApi = typeof import('../../src/node.js');

export function stagedPackage(): string {
  return inject('stagedPackage');
}

/** URL of the staged dist/ folder (with a trailing slash). */
export function distDir(): URL {
  return new URL('dist/', pathToFileURL(`${stagedPackage()}/`));
}

export async function loadDist(): Promise<NodeApi> {
  return (await import(new URL('node.js', distDir()).href)) as NodeApi;
}
