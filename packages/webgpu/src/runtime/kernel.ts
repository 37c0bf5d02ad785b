/** How a kernel binds each buffer, in binding order (@group(0) @binding(i)). */
export type BindingKind = 'read' | 'readwrite' | 'uniform';

/** A generated compute shader: everything needed to build and cache its pipeline. */
export interface Kernel {
  /** The op the kernel implements, as named in error messages (e.g. `matmul`). */
  readonly op: string;
  /** A readable name of this variant (e.g. `matmul[reg 16x8 vec4]`). */
  readonly label: string;
  /** WGSL source with a `main` entry point. */
  readonly code: string;
  readonly bindings: readonly BindingKind[];
}

/** Builds kernels once per key: shader generation is string work best not repeated per call. */
export class KernelCache {
  private readonly kernels = new Map<string, Kernel>();

  get(key: string, build: () => Kernel): Kernel {
    let k = this.kernels.get(key);
    if (!k) {
      k = build();
      this.kernels.set(key, k);
    }
    return k;
  }
}
