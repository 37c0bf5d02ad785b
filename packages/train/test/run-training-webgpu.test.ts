import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getBackend, setBackend } from '@isotropic/tensor';
import { createWebGPUBackend, WebGPUBackend } from '@isotropic/webgpu';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricsLog, runTraining } from '../src/node.js';

// Lavapipe (Mesa's software Vulkan) wants a writable XDG_RUNTIME_DIR.
process.env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), 'isotropic-xdg-'));
const probe = await createWebGPUBackend().then(
  (b) => ({ ok: true as const, b }),
  (e: Error) => ({ ok: false as const, reason: e.message.split('\n')[0] }),
);
const out = mkdtempSync(join(tmpdir(), 'iso-train-gpu-'));
const previous = getBackend();
afterAll(() => {
  setBackend(previous);
  rmSync(out, { recursive: true, force: true });
});

describe.skipIf(!probe.ok)(
  `runTraining end to end on WebGPU ${probe.ok ? '' : `(skipped: ${probe.reason})`}`,
  () => {
    it('trains the default backbone (cnn_tiny), checkpoints, evaluates against both baselines', async () => {
      const s = await runTraining({
        backend: 'webgpu',
        maxSteps: 3,
        batchSize: 8,
        trainLimit: 64,
        testLimit: 32,
        localViews: 2,
        localSize: 14,
        numSlices: 32,
        projHidden: 32,
        projDim: 8,
        workers: 0,
        out,
        quiet: true,
      });
      // the run really happened on the adapter, not on a silent CPU fallback
      expect(getBackend()).toBeInstanceOf(WebGPUBackend);
      expect(s.steps).toBe(3);
      expect(Number.isFinite(s.finalLoss)).toBe(true);
      for (const v of [s.probe!.encoder, s.probe!.rawPixels!, s.probe!.randomInit!, s.knn!]) {
        expect(v).toBeGreaterThan(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(existsSync(join(out, 'checkpoint.safetensors'))).toBe(true);
      const steps = MetricsLog.read(join(out, 'metrics.jsonl')).filter((r) => r.kind === 'step');
      expect(steps.map((r) => r.step)).toEqual([0, 1, 2]);
    }, 300_000);
  },
);
