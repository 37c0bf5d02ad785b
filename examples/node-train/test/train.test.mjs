import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const script = new URL('../train.mjs', import.meta.url).pathname;

// The example as a user runs it: WebGPU through Dawn when an adapter exists (lavapipe in CI), else the CPU.
it('trains two LeJEPA steps from the packages and describes the embeddings', async () => {
  const env = { ...process.env };
  env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), 'isotropic-xdg-'));
  const { stdout, stderr } = await run('node', [script, '2'], { env });
  expect(stderr + stdout).toMatch(/\[isotropic\] backend: (webgpu|cpu)/);
  expect(stdout).toMatch(/^step 0 {2}loss \d+\.\d{4}/m);
  expect(stdout).toMatch(/^step 1 {2}loss \d+\.\d{4}/m);
  expect(stdout).toMatch(/^SIGReg [\d.]+ \| eff\. rank/m);
}, 300_000);
