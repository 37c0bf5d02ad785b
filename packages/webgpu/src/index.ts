export { createWebGPUBackend, type WebGPUBackendOptions } from './create-backend.js';
export { type AdapterRequest, type AdapterResult, requestAdapter } from './gpu-provider.js';
export { type BackendChoice, type InitBackendOptions, initBackend } from './init-backend.js';
export type { MatmulStrategy } from './kernels/matmul.js';
export { consoleLogger, type Logger, silentLogger } from './logger.js';
export type { DeviceCaps } from './runtime/device-caps.js';
export { WebGPUBackend } from './webgpu-backend.js';
