import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const run = promisify(execFile);
const script = new URL('../train-custom.mjs', import.meta.url).pathname;
const cwd = mkdtempSync(join(tmpdir(), 'iso-custom-backbone-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

// The example as a user runs it (in a scratch folder: it writes runs/custom-backbone there).
it('registers tiny_cnn, trains it with runTraining and evaluates it against both baselines', async () => {
  const { stdout } = await run('node', [script, '3'], {
    cwd,
    env: { ...process.env, ISOTROPIC_THREADS: '2' },
  });
  expect(stdout).toMatch(/steps: 3,/);
  for (const key of ['encoder', 'rawPixels', 'randomInit'])
    expect(stdout).toMatch(new RegExp(`${key}: 0\\.\\d+`));
}, 300_000);
