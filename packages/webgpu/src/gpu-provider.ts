import { isNode, nodeGPU } from './node-gpu.js';

/** Where a GPUAdapter came from, or why none could be had. */
export type AdapterResult =
  | { adapter: GPUAdapter; gpu: GPU; source: 'navigator.gpu' | 'webgpu (Dawn)' | 'provided' }
  | { adapter: undefined; reason: string };

export interface AdapterRequest {
  readonly powerPreference?: GPUPowerPreference;
  /** A `GPU` object to use instead of `navigator.gpu` / Dawn (e.g. an instance you already hold). */
  readonly gpu?: GPU;
  /** Options passed to Dawn's `create()` in Node (e.g. `['backend=vulkan']`). */
  readonly dawnOptions?: string[];
}

const LINUX_HINT =
  'On Linux without a GPU install Mesa lavapipe (Debian/Ubuntu: apt install mesa-vulkan-drivers); with a GPU install its Vulkan driver. See the @isotropic/webgpu README.';

/** Finds an adapter: the given GPU, else `navigator.gpu`, else Dawn in Node. */
export async function requestAdapter(req: AdapterRequest = {}): Promise<AdapterResult> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  let gpu = req.gpu;
  let source: 'navigator.gpu' | 'webgpu (Dawn)' | 'provided' = 'provided';
  if (!gpu && nav?.gpu) {
    gpu = nav.gpu;
    source = 'navigator.gpu';
  }
  if (!gpu) {
    if (!isNode())
      return { adapter: undefined, reason: 'this browser does not expose navigator.gpu (WebGPU)' };
    const dawn = await nodeGPU(req.dawnOptions);
    if ('reason' in dawn) return { adapter: undefined, reason: dawn.reason };
    gpu = dawn.gpu;
    source = 'webgpu (Dawn)';
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter(
      req.powerPreference ? { powerPreference: req.powerPreference } : undefined,
    );
  } catch (error) {
    return {
      adapter: undefined,
      reason: `requestAdapter() failed: ${(error as Error).message}. ${LINUX_HINT}`,
    };
  }
  if (!adapter)
    return { adapter: undefined, reason: `no WebGPU adapter was found (${source}). ${LINUX_HINT}` };
  return { adapter, gpu, source };
}
