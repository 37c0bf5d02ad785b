import { BackendError } from '@isotropic/tensor';
import type { Kernel } from './kernel.js';

/**
 * A WGSL compile error that names the op and the kernel and quotes the
 * offending source lines, e.g.
 *
 *   matmul: WGSL compile error in kernel matmul[reg 16x8]: 12:9: unresolved value 'acc'
 *      12 |   let x = acc + 1.0;
 *         |           ^
 */
export function compileError(
  kernel: Kernel,
  messages: readonly GPUCompilationMessage[],
  fallback: string,
): BackendError {
  const lines = kernel.code.split('\n');
  const errors = messages.filter((m) => m.type === 'error');
  const parts = errors.map((m) => {
    const src = lines[m.lineNum - 1];
    if (src === undefined) return m.message;
    const gutter = String(m.lineNum).padStart(5);
    const caret = `${' '.repeat(5)} | ${' '.repeat(Math.max(0, m.linePos - 1))}^`;
    return `${m.lineNum}:${m.linePos}: ${m.message}\n${gutter} | ${src}\n${caret}`;
  });
  const detail = parts.length > 0 ? parts.join('\n') : fallback;
  return new BackendError(`${kernel.op}: WGSL compile error in kernel ${kernel.label}: ${detail}`);
}
