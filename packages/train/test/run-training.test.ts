import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deserializeSafetensors } from '@isotropic/nn';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricsLog, runTraining } from '../src/node.js';

const run = promisify(execFile);
const bin = new URL('../bin/isotropic.mjs', import.meta.url).pathname;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'iso-train-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// A tiny, fast configuration: every flag the CLI and runTraining share.
// The README's default backbone (cnn_tiny: BatchNorm running statistics are part of what must resume
// exactly), with the augmentation flags (light recipe, custom crop scales).
const tiny = [
  '--model',
  'cnn_tiny',
  '--augment',
  'light',
  '--global-scale',
  '0.4,1',
  '--local-scale',
  '0.1,0.4',
  '--backend',
  'cpu',
  '--batch-size',
  '16',
  '--train-limit',
  '256',
  '--test-limit',
  '64',
  '--local-views',
  '2',
  '--local-size',
  '16',
  '--slices',
  '64',
  '--proj-hidden',
  '64',
  '--proj-dim',
  '16',
  '--workers',
  '0',
  '--quiet',
];

/** Every tensor of a checkpoint (model and optimiser), bytes as stored. */
function tensorsOf(path: string): Map<string, number[]> {
  const { tensors } = deserializeSafetensors(new Uint8Array(readFileSync(path)));
  const out = new Map<string, number[]>();
  for (const [k, t] of Object.entries(tensors)) {
    out.set(k, Array.from(t.dataSync()));
    t.dispose();
  }
  return out;
}

describe('runTraining end to end (CPU backend)', () => {
  it('trains, checkpoints, logs, evaluates against baselines and writes a report', async () => {
    const out = tmp();
    const s = await runTraining({
      model: 'vit_nano_patch4_28',
      backend: 'cpu',
      maxSteps: 6,
      batchSize: 16,
      trainLimit: 256,
      testLimit: 64,
      localViews: 2,
      localSize: 16,
      numSlices: 64,
      projHidden: 64,
      projDim: 16,
      workers: 1,
      checkpointEvery: 3,
      out,
      quiet: true,
    });
    expect(s.steps).toBe(6);
    expect(Number.isFinite(s.finalLoss)).toBe(true);
    for (const v of [s.probe!.encoder, s.probe!.rawPixels!, s.probe!.randomInit!, s.knn!]) {
      expect(v).toBeGreaterThan(0.05);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(existsSync(join(out, 'checkpoint.safetensors'))).toBe(true);
    const steps = MetricsLog.read(join(out, 'metrics.jsonl')).filter((r) => r.kind === 'step');
    expect(steps.map((r) => r.step)).toEqual([0, 1, 2, 3, 4, 5]);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('LeJEPA loss');
    expect(html).toContain('raw pixels (linear probe)');
    expect(html).toContain('<circle');
  }, 300_000);

  it('an unknown augmentation recipe is an error naming the option, before any training', async () => {
    await expect(
      runTraining({ backend: 'cpu', augment: 'heavy' as never, trainLimit: 64, out: tmp(), quiet: true }),
    ).rejects.toThrow(/runTraining: augment must be lejepa or light, got "heavy"/);
  });

  it('a run killed mid-way and resumed ends bit-identical to an uninterrupted run', async () => {
    const steps = ['--max-steps', '12', '--checkpoint-every', '2', '--no-eval'];
    const whole = tmp();
    await run('node', [bin, 'train', ...tiny, ...steps, '--out', whole]);

    // the same run, killed (SIGKILL) once its checkpoint has passed step 4
    const killed = tmp();
    const child = spawn('node', [bin, 'train', ...tiny, ...steps, '--out', killed], { stdio: 'ignore' });
    const ckpt = join(killed, 'checkpoint.safetensors');
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        try {
          const meta = existsSync(ckpt)
            ? deserializeSafetensors(new Uint8Array(readFileSync(ckpt)))
            : undefined;
          if (meta) for (const t of Object.values(meta.tensors)) t.dispose();
          if (meta && Number(meta.metadata['isotropic.step']) >= 4) {
            clearInterval(timer);
            child.kill('SIGKILL');
            resolve();
          }
        } catch {
          // the file is replaced atomically; a read racing the rename just retries
        }
      }, 20);
      child.on('exit', () => {
        clearInterval(timer);
        reject(new Error('the run finished before it could be killed'));
      });
    }).catch((e) => {
      // finishing first would make the test meaningless: fail loudly
      throw e;
    });
    await new Promise((r) => child.on('exit', r));
    const stepAtKill = Number(
      deserializeSafetensors(new Uint8Array(readFileSync(ckpt))).metadata['isotropic.step'],
    );
    expect(stepAtKill).toBeLessThan(12);

    await run('node', [bin, 'train', ...tiny, ...steps, '--out', killed, '--resume']);
    const a = tensorsOf(join(whole, 'checkpoint.safetensors'));
    const b = tensorsOf(ckpt);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, v] of a) expect(b.get(k), k).toEqual(v);
    const logged = MetricsLog.read(join(killed, 'metrics.jsonl')).filter((r) => r.kind === 'step');
    expect(logged.map((r) => r.step)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  }, 300_000);
});

describe('the isotropic CLI', () => {
  it.each([
    [['train', '--epochs', 'x'], /^isotropic train: --epochs expects an integer, got 'x'\n$/],
    [['train', '--bogus'], /^isotropic train: Unknown option '--bogus'/],
    [
      ['train', '--data', '/no/such/folder', '--backend', 'cpu', '--quiet'],
      /^isotropic train: --data: '\/no\/such\/folder' is neither fashion-mnist, mnist nor an existing folder of images\n$/,
    ],
    [
      ['train', '--model', 'vit_tiyn_patch4_28', '--backend', 'cpu', '--quiet'],
      /^isotropic train: .*vit_tiyn_patch4_28.*\n$/,
    ],
    [['eval'], /^isotropic eval: --checkpoint <file> is required\n$/],
    [
      ['eval', '--checkpoint', '/no/such.safetensors'],
      /^isotropic eval: --checkpoint: cannot read '\/no\/such.safetensors'\n$/,
    ],
    [['fly'], /^isotropic: unknown command 'fly'/],
  ])('%j fails with one line and a non-zero exit', async (argv, stderr) => {
    const r = await run('node', [bin, ...argv]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(r).toBeDefined();
    expect(r!.code).toBeGreaterThan(0);
    expect(r!.stderr).toMatch(stderr);
    expect(r!.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('--help documents every flag', async () => {
    const { stdout } = await run('node', [bin, 'train', '--help']);
    for (const flag of [
      '--data',
      '--model',
      '--backend',
      '--resume',
      '--lambda',
      '--checkpoint-every',
      '--out',
      '--augment',
      '--global-scale',
      '--local-scale',
    ])
      expect(stdout).toContain(flag);
  });

  it('models lists the registry', async () => {
    const { stdout } = await run('node', [bin, 'models']);
    expect(stdout).toContain('vit_tiny_patch16_224');
    expect(stdout).toContain('convnext_atto');
    expect(stdout).toContain('cnn_tiny');
  });
});
