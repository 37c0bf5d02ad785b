import { type Backend, cpuBackend, type DType } from '@isotropic/tensor';
import { webgpuBackend } from './webgpu.js';

/** A backend and dtype to run the reference checks on, with the tolerance they must meet. */
export interface Target {
  readonly name: string;
  readonly backend: Backend;
  readonly dtype: DType;
  /** Relative error allowed against the float64 reference. */
  readonly tolerance: number;
}

const gpu = await webgpuBackend();

/** The reason the WebGPU target is missing, for the skip message. */
export const webgpuStatus = gpu.reason;

export const cpuTargets: readonly Target[] = [
  { name: 'cpu float32', backend: cpuBackend(), dtype: 'float32', tolerance: 1e-5 },
  // float64 only checks that nothing in the formulation loses precision on its own
  { name: 'cpu float64', backend: cpuBackend(), dtype: 'float64', tolerance: 1e-10 },
];

export const webgpuTarget: Target | undefined = gpu.backend
  ? { name: 'webgpu float32', backend: gpu.backend, dtype: 'float32', tolerance: 1e-5 }
  : undefined;
