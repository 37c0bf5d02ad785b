/**
 * WebGPU's numeric flags, spelled out so that the backend never needs the
 * `GPUBufferUsage` / `GPUMapMode` globals (Node's Dawn only defines them when
 * its `globals` are copied onto globalThis, which a library must not do).
 */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

export const MapMode = { READ: 0x0001 } as const;

export const ShaderStage = { COMPUTE: 0x4 } as const;
