import type { UniformArena } from './uniform-arena.js';

/**
 * Records work into one command encoder and submits it in one go: when a read
 * needs the results, when the batch reaches `maxDispatches`, or at the end of
 * the current task (a microtask), so that queued work never waits for a read.
 * Consecutive dispatches share one compute pass; copies end it.
 */
export class CommandBatch {
  /** Number of the batch being recorded; increases with every submit. */
  id = 1;
  private encoder: GPUCommandEncoder | undefined;
  private pass: GPUComputePassEncoder | undefined;
  private dispatches = 0;
  private flushScheduled = false;
  private readonly afterSubmit: (() => void)[] = [];

  constructor(
    private readonly device: GPUDevice,
    private readonly uniforms: UniformArena,
    private readonly maxDispatches: number,
    /** Where a failed automatic submit is reported (it has no caller to throw to). */
    private readonly reportError: (error: unknown) => void,
  ) {}

  get isEmpty(): boolean {
    return this.encoder === undefined;
  }

  /** The encoder, with no compute pass open (for copies and clears). */
  commandEncoder(): GPUCommandEncoder {
    if (this.pass) {
      this.pass.end();
      this.pass = undefined;
    }
    return this.ensureEncoder();
  }

  dispatch(pipeline: GPUComputePipeline, bindGroup: GPUBindGroup, x: number, y = 1, z = 1): void {
    if (!this.pass) this.pass = this.ensureEncoder().beginComputePass();
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(x, y, z);
    if (++this.dispatches >= this.maxDispatches) this.flush();
  }

  /** Runs `fn` after the next submit (or now, if nothing is being recorded). */
  whenSubmitted(fn: () => void): void {
    if (this.isEmpty) fn();
    else this.afterSubmit.push(fn);
  }

  flush(): void {
    if (!this.encoder) return;
    if (this.pass) {
      this.pass.end();
      this.pass = undefined;
    }
    this.uniforms.upload(this.device.queue);
    this.device.queue.submit([this.encoder.finish()]);
    this.encoder = undefined;
    this.dispatches = 0;
    this.id++;
    for (const fn of this.afterSubmit.splice(0)) fn();
  }

  private ensureEncoder(): GPUCommandEncoder {
    if (!this.encoder) {
      this.encoder = this.device.createCommandEncoder();
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        queueMicrotask(() => {
          this.flushScheduled = false;
          try {
            this.flush();
          } catch (error) {
            this.reportError(error);
          }
        });
      }
    }
    return this.encoder;
  }
}
