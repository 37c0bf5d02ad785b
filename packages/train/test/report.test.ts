import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MetricsLog, ProgressBar, renderReport, type StepStats, writeReport } from '../src/node.js';

const step = (i: number): StepStats => ({
  step: i,
  totalSteps: 10,
  epoch: 0,
  loss: 1 / (i + 1),
  sim: 0.5 / (i + 1),
  sigreg: 2 / (i + 1),
  imagesPerSecond: 100,
  lr: 1e-3,
});

describe('metrics log', () => {
  it('appends JSONL, ignores a torn last line, truncates after a resume point', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iso-log-'));
    const log = new MetricsLog(join(dir, 'metrics.jsonl'));
    for (let i = 1; i <= 5; i++) log.append({ kind: 'step', ...step(i), time: i });
    // simulate a kill in the middle of a write
    appendFileSync(log.path, '{"kind":"step","st');
    expect(MetricsLog.read(log.path)).toHaveLength(5);
    log.truncateAfter(3);
    expect(MetricsLog.read(log.path).map((r) => r.step)).toEqual([1, 2, 3]);
  });
});

describe('report', () => {
  it('renders curves, probe accuracy, results and an embedding scatter as self-contained HTML', () => {
    const records = [
      ...Array.from({ length: 10 }, (_, i) => ({ kind: 'step' as const, ...step(i), time: i })),
      { kind: 'eval' as const, step: 9, epoch: 0, probeAccuracy: 0.8, time: 10 },
    ];
    const html = renderReport({
      title: 'run <1>',
      config: { model: 'vit_tiny', lambda: 0.05 },
      records,
      results: { encoder: 0.812, 'raw pixels': 0.75 },
      embedding: { points: new Float32Array([0, 0, 1, 1, 2, 0]), labels: [0, 1, 2] },
    });
    expect(html).toContain('<title>run &lt;1&gt;</title>');
    expect(html.match(/<svg/g)).toHaveLength(5);
    expect(html).toContain('81.20%');
    expect(html).toContain('<circle');
    const dir = mkdtempSync(join(tmpdir(), 'iso-report-'));
    writeReport(join(dir, 'r', 'report.html'), { title: 't', config: {}, records });
    expect(readFileSync(join(dir, 'r', 'report.html'), 'utf8')).toContain('LeJEPA loss');
  });
});

describe('progress bar', () => {
  it('shows step, epoch, loss terms, throughput and ETA; throttles when not a TTY', () => {
    const lines: string[] = [];
    const bar = new ProgressBar({ write: (t) => lines.push(t), isTTY: false }, 60_000);
    for (let i = 1; i <= 10; i++) bar.update(step(i));
    expect(lines).toHaveLength(2); // first line, then the final step
    expect(lines[1]).toMatch(
      /100% step 10\/10 ep 0 \| loss 0\.0909 sim 0\.0455 sigreg 0\.1818 \| 100 img\/s/,
    );
  });
});
