import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const pkgDir = new URL('..', import.meta.url).pathname;

/** The first ```js block of the README: the example users copy. */
function readmeExample(): string {
  const md = readFileSync(join(pkgDir, 'README.md'), 'utf8');
  const m = md.match(/```js\n([\s\S]*?)```/);
  if (!m) throw new Error('README.md has no ```js example');
  return m[1]!;
}

describe('the published package', () => {
  it('packs, installs with plain npm into an empty folder, and runs its README example', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isotropic-pack-'));
    try {
      execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd: pkgDir, stdio: 'pipe' });
      const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
      expect(tarball).toMatch(/^isotropic-tensor-.*\.tgz$/);
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
      );
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', `./${tarball}`], {
        cwd: dir,
        stdio: 'pipe',
      });
      writeFileSync(join(dir, 'example.mjs'), readmeExample());
      const out = execFileSync('node', ['example.mjs'], { cwd: dir, encoding: 'utf8' });
      expect(out).toContain('tensor([[14., 32.],');
      expect(out).toContain('liveStorages');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
