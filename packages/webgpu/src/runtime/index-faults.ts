import { ValueError } from '@isotropic/tensor';
import { BufferUsage } from './gpu-flags.js';

/** Ops whose kernels check indices on the GPU, by the code they write into the fault buffer. */
export const INDEX_FAULT_OPS = ['gather', 'scatterAdd'] as const;
export type IndexFaultOp = (typeof INDEX_FAULT_OPS)[number];

/** Bytes of the fault record: [count, op code, offending index, axis size]. */
export const INDEX_FAULT_BYTES = 16;

/** WGSL for kernels that bind the fault record and report an out-of-range index. */
export function indexFaultWgsl(binding: number): string {
  return `
struct IndexFault { count: atomic<u32>, op: u32, index: i32, bound: u32 }
@group(0) @binding(${binding}) var<storage, read_write> fault: IndexFault;
fn reportIndexFault(op: u32, index: i32, bound: u32) {
  // The first kernel thread to fail records its index; the others only count.
  if (atomicAdd(&fault.count, 1u) == 0u) {
    fault.op = op;
    fault.index = index;
    fault.bound = bound;
  }
}`;
}

export function indexFaultCode(op: IndexFaultOp): number {
  return INDEX_FAULT_OPS.indexOf(op) + 1;
}

/**
 * A device-side record of an out-of-range index. The CPU backend throws at
 * the call; a GPU kernel cannot, so it records the first bad index here and the
 * next read throws the CPU backend's error (`gather: index 7 is out of range
 * for an axis of size 5`). Reads copy the record only when a checking kernel
 * ran since the last read.
 */
export class IndexFaults {
  readonly buffer: GPUBuffer;
  /** Whether a kernel that may write the record ran since it was last checked. */
  armed = false;

  constructor(device: GPUDevice) {
    this.buffer = device.createBuffer({
      label: 'isotropic index faults',
      size: INDEX_FAULT_BYTES,
      usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST,
    });
  }

  /** Turns a record read back from the GPU into the error it stands for, if any. */
  static decode(words: Uint32Array): ValueError | undefined {
    if (words[0] === 0) return undefined;
    const op = INDEX_FAULT_OPS[words[1]! - 1] ?? 'gather';
    const index = new Int32Array(words.buffer, words.byteOffset, 4)[2]!;
    return new ValueError(`${op}: index ${index} is out of range for an axis of size ${words[3]}`);
  }
}
