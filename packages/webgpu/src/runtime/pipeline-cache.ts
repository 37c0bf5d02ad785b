import { compileError } from './compile-error.js';
import { ShaderStage } from './gpu-flags.js';
import type { BindingKind, Kernel } from './kernel.js';

const BUFFER_TYPE: Record<BindingKind, GPUBufferBindingType> = {
  read: 'read-only-storage',
  readwrite: 'storage',
  uniform: 'uniform',
};

/**
 * Compute pipelines cached by shader source, with explicit layouts cached by
 * binding signature. A pipeline is built synchronously (kernels must not wait);
 * its compile errors arrive later through an error scope and are reported,
 * with the op's name and the offending source line, to `report`.
 */
export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly layouts = new Map<string, { group: GPUBindGroupLayout; pipeline: GPUPipelineLayout }>();
  /** Compile checks still in flight: a read waits for them so a compile error is reported as the cause. */
  private readonly checks = new Set<Promise<void>>();
  /** Kernels known not to compile: later uses throw the compile error at once. */
  private readonly failed = new Map<string, Error>();

  constructor(
    private readonly device: GPUDevice,
    private readonly report: (error: Error) => void,
  ) {}

  get size(): number {
    return this.pipelines.size;
  }

  pipeline(kernel: Kernel): GPUComputePipeline {
    const failure = this.failed.get(kernel.code);
    if (failure) throw failure;
    let p = this.pipelines.get(kernel.code);
    if (!p) {
      p = this.build(kernel);
      this.pipelines.set(kernel.code, p);
    }
    return p;
  }

  bindGroupLayout(kernel: Kernel): GPUBindGroupLayout {
    return this.layout(kernel.bindings).group;
  }

  private layout(bindings: readonly BindingKind[]) {
    const key = bindings.join(',');
    let l = this.layouts.get(key);
    if (!l) {
      const group = this.device.createBindGroupLayout({
        label: `isotropic [${key}]`,
        entries: bindings.map((kind, binding) => ({
          binding,
          visibility: ShaderStage.COMPUTE,
          buffer: { type: BUFFER_TYPE[kind] },
        })),
      });
      l = { group, pipeline: this.device.createPipelineLayout({ bindGroupLayouts: [group] }) };
      this.layouts.set(key, l);
    }
    return l;
  }

  private build(kernel: Kernel): GPUComputePipeline {
    this.device.pushErrorScope('validation');
    const module = this.device.createShaderModule({ label: kernel.label, code: kernel.code });
    const pipeline = this.device.createComputePipeline({
      label: kernel.label,
      layout: this.layout(kernel.bindings).pipeline,
      compute: { module, entryPoint: 'main' },
    });
    const check = this.device.popErrorScope().then(
      async (error) => {
        if (!error) return;
        const info = await module.getCompilationInfo().catch(() => undefined);
        const failure = compileError(kernel, info?.messages ?? [], error.message);
        this.failed.set(kernel.code, failure);
        this.report(failure);
      },
      () => {
        // The device was lost; device.lost reports that.
      },
    );
    this.checks.add(check);
    check.finally(() => this.checks.delete(check));
    return pipeline;
  }

  /** Resolves once every pipeline built so far has been checked. */
  async settled(): Promise<void> {
    while (this.checks.size > 0) await Promise.all([...this.checks]);
  }
}
