import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * Where compact dataset caches live, first match wins:
 *   1. the `cacheDir` option
 *   2. $ISOTROPIC_CACHE_DIR
 *   3. $XDG_CACHE_HOME/isotropic
 *   4. <nearest node_modules above the working directory>/.cache/isotropic
 *      (the find-cache-dir convention; wiped with node_modules, ignored by git)
 *   5. ~/.cache/isotropic
 */
export function resolveCacheDir(explicit?: string): string {
  if (explicit) return resolve(explicit);
  const env = process.env.ISOTROPIC_CACHE_DIR;
  if (env) return resolve(env);
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg) return join(resolve(xdg), 'isotropic');
  const nodeModules = nearestNodeModules(process.cwd());
  if (nodeModules) return join(nodeModules, '.cache', 'isotropic');
  return join(homedir(), '.cache', 'isotropic');
}

function nearestNodeModules(from: string): string | null {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}
