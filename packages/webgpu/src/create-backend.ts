import { BackendError } from '@isotropic/tensor';
import { type AdapterRequest, requestAdapter } from './gpu-provider.js';
import { materializeElementwise } from './kernels/fused-elementwise.js';
import type { MatmulStrategy } from './kernels/matmul.js';
import { GpuRuntime } from './runtime/gpu-runtime.js';
import { WebGPUBackend } from './webgpu-backend.js';

export interface WebGPUBackendOptions extends AdapterRequest {
  /** Use this device instead of requesting one (its adapter's limits apply). */
  readonly device?: GPUDevice;
  /** Bytes of released buffers kept for reuse (default 512 MiB). */
  readonly poolBytes?: number;
  /** Dispatches recorded before an automatic submit (default 256). */
  readonly maxBatchDispatches?: number;
  /**
   * Matmul kernel family: `register` (register tiles, no workgroup memory: best
   * on CPU adapters such as lavapipe), `shared` (workgroup-memory tiles: GPUs),
   * or `auto` (default: picked from the adapter).
   */
  readonly matmul?: MatmulStrategy;
  /**
   * Fuse chains of elementwise ops (and elementwise ops feeding a reduction)
   * into single kernels, computed when first needed. Default true.
   */
  readonly fusion?: boolean;
}

/** The limits kernels benefit from, raised to what the adapter allows. */
const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;

/**
 * A WebGPU backend for @isotropic/tensor. Uses `opts.device` if given, else
 * requests an adapter from `opts.gpu`, `navigator.gpu` (browsers, Deno) or, in
 * Node, the optional `webgpu` package (Dawn). Throws a BackendError saying why
 * when no adapter is available.
 */
export async function createWebGPUBackend(opts: WebGPUBackendOptions = {}): Promise<WebGPUBackend> {
  let device = opts.device;
  let info: GPUAdapterInfo | undefined;
  let gpu: GPU | undefined;
  if (device) {
    info = device.adapterInfo;
  } else {
    const found = await requestAdapter(opts);
    if (!found.adapter) throw new BackendError(`createWebGPUBackend: ${found.reason}`);
    const { adapter } = found;
    const requiredLimits: Record<string, number> = {};
    for (const name of WANTED_LIMITS) requiredLimits[name] = adapter.limits[name];
    device = await adapter.requestDevice({ label: 'isotropic', requiredLimits });
    info = adapter.info;
    gpu = found.gpu;
  }
  const runtime = new GpuRuntime(
    device,
    info,
    {
      poolBytes: opts.poolBytes ?? 512 * 1024 * 1024,
      maxBatchDispatches: opts.maxBatchDispatches ?? 256,
      fusion: opts.fusion ?? true,
    },
    materializeElementwise,
  );
  return new WebGPUBackend(runtime, { strategy: opts.matmul ?? 'auto' }, opts.device === undefined, gpu);
}
