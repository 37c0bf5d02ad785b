/** What kernels need to know about the device they run on. */
export interface DeviceCaps {
  /** Largest buffer a kernel may bind (maxStorageBufferBindingSize, rounded down to 16). */
  readonly maxBindingBytes: number;
  readonly maxWorkgroupsPerDim: number;
  readonly maxWorkgroupStorageBytes: number;
  readonly maxInvocationsPerWorkgroup: number;
  readonly maxStorageBuffersPerStage: number;
  /** A CPU implementation (lavapipe, SwiftShader, WARP): kernels prefer register tiles over shared memory. */
  readonly software: boolean;
  /** The device was created with `shader-f16`. */
  readonly f16: boolean;
  /** A short description for logs and benchmark tables. */
  readonly description: string;
}

export function describeAdapter(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown adapter';
  const parts = [info.vendor, info.architecture, info.device, info.description].filter(
    (s) => s && s.length > 0,
  );
  return parts.length > 0 ? [...new Set(parts)].join(' / ') : 'unknown adapter';
}

export function isSoftwareAdapter(info: GPUAdapterInfo | undefined): boolean {
  if (!info) return false;
  const text = `${info.architecture} ${info.device} ${info.description}`.toLowerCase();
  return /software|llvmpipe|lavapipe|swiftshader|warp|basic render/.test(text);
}

export function capsOf(device: GPUDevice, info: GPUAdapterInfo | undefined): DeviceCaps {
  const l = device.limits;
  return {
    maxBindingBytes: Math.floor(Math.min(l.maxStorageBufferBindingSize, l.maxBufferSize) / 16) * 16,
    maxWorkgroupsPerDim: l.maxComputeWorkgroupsPerDimension,
    maxWorkgroupStorageBytes: l.maxComputeWorkgroupStorageSize,
    maxInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    maxStorageBuffersPerStage: l.maxStorageBuffersPerShaderStage,
    software: isSoftwareAdapter(info),
    f16: device.features.has('shader-f16'),
    description: describeAdapter(info),
  };
}
