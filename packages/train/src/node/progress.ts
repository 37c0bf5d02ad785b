/** What one training step reports to the progress display. */
export interface StepStats {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  sim: number;
  sigreg: number;
  imagesPerSecond: number;
  lr: number;
}

export interface ProgressSink {
  write(text: string): void;
  readonly isTTY?: boolean;
}

function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * A live progress bar: redrawn in place on a terminal, one line every few
 * seconds otherwise (CI logs stay readable).
 */
export class ProgressBar {
  private readonly start = performance.now();
  private lastLine = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly sink: ProgressSink = process.stderr,
    private readonly intervalMs = 5000,
  ) {}

  render(s: StepStats): string {
    const frac = s.totalSteps > 0 ? s.step / s.totalSteps : 0;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const elapsed = (performance.now() - this.start) / 1000;
    const eta = frac > 0 ? (elapsed * (1 - frac)) / frac : Number.NaN;
    return (
      `${bar} ${String(Math.round(frac * 100)).padStart(3)}% step ${s.step}/${s.totalSteps} ep ${s.epoch} ` +
      `| loss ${s.loss.toFixed(4)} sim ${s.sim.toFixed(4)} sigreg ${s.sigreg.toFixed(4)} ` +
      `| ${s.imagesPerSecond.toFixed(0)} img/s | lr ${s.lr.toExponential(2)} | ${fmtDuration(elapsed)} < ${fmtDuration(eta)}`
    );
  }

  update(s: StepStats): void {
    const line = this.render(s);
    if (this.sink.isTTY) {
      this.sink.write(`\r\x1b[2K${line}`);
      return;
    }
    const now = performance.now();
    if (now - this.lastLine >= this.intervalMs || s.step === s.totalSteps) {
      this.lastLine = now;
      this.sink.write(`${line}\n`);
    }
  }

  done(): void {
    if (this.sink.isTTY) this.sink.write('\n');
  }
}
